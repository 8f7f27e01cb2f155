-- The dashboard of a year as the release before v20-score-columns asked it: every figure parsed from the JSON body.
SELECT json_extract(body,'$.agency'), json_extract(body,'$.unit'), json_extract(body,'$.block'), json_extract(body,'$.level'), (CASE WHEN json_extract(body,'$.provisional')=1 THEN 1 ELSE 0 END), count(*), count(json_extract(body,'$.total')), coalesce(sum(json_extract(body,'$.total')),0.0), coalesce(sum(json_extract(body,'$.assignedTasks')),0.0) FROM score WHERE period='2026' GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5;
SELECT count(*) FROM score WHERE period='2026';
SELECT body FROM score WHERE period='2026' ORDER BY json_extract(body,'$.total') DESC NULLS LAST, officer LIMIT 200;
SELECT avg(json_extract(body,'$.total')) FROM score WHERE period IN ('2026-01','2026-02','2026-03','2026-04','2026-05','2026-06','2026-07','2026-08','2026-09','2026-10','2026-11','2026-12') AND json_extract(body,'$.total') IS NOT NULL GROUP BY period;

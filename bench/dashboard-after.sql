-- The dashboard of a year since v20-score-columns: the figures read from their columns (covering indexes).
SELECT agency, unit, block, level, provisional, count(*), count(total_micros), CAST(coalesce(sum(total_micros),0) AS BIGINT), CAST(coalesce(sum(assigned_tasks),0) AS BIGINT) FROM score WHERE period='2026' GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5;
SELECT count(*) FROM score WHERE period='2026';
SELECT body FROM score WHERE period='2026' ORDER BY total_micros DESC NULLS LAST, officer LIMIT 200;
SELECT CAST(avg(total_micros) AS DOUBLE PRECISION)/1000000 FROM score WHERE period IN ('2026-01','2026-02','2026-03','2026-04','2026-05','2026-06','2026-07','2026-08','2026-09','2026-10','2026-11','2026-12') AND total_micros IS NOT NULL GROUP BY period;

#!/usr/bin/env python3
"""The reference pipeline: what a provincial IT department might write instead of KPIBridge.

Standard library only: xml.etree for edXML, json for the tools' pages, sqlite3 for storage. The same work as
the bridge's ingest: hash and keep each raw payload, parse it, map each record to a task (key, status, due date,
handler, title), remember the record (re-sent records are skipped), merge it into the task, and commit each
payload in one transaction. Prints one JSON line: records, bytes, seconds, peak memory.

Usage: reference_pipeline.py WORK_DIR xml|json DATABASE [SECONDS]   (stops after SECONDS, like the bridge's stages)
"""
import hashlib
import json
import os
import resource
import sqlite3
import sys
import time
import xml.etree.ElementTree as ET

NS = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}"
STATUS = {"01": "received", "02": "cancelled", "03": "received", "04": "assigned", "05": "in_progress", "06": "completed"}


def text(node, path):
    found = node.find(path)
    return found.text.strip() if found is not None and found.text else None


def map_edxml(root):
    header = root.find(f"{NS}edXMLEnvelope/{NS}edXMLHeader/{NS}MessageHeader")
    if header is None:
        raise ValueError("no MessageHeader")
    code = text(header, f"{NS}StatusCode")
    if code is not None:
        doc = text(header, f"{NS}ResponseFor/{NS}DocumentId")
        organ = text(header, f"{NS}ResponseFor/{NS}OrganId")
        at = text(header, f"{NS}Timestamp")
        if code not in STATUS:
            raise ValueError(f"status {code}")
        handler = text(header, f"{NS}StaffInfo/{NS}Email")
        return f"{organ},{doc}", f"status-{doc}-{code}", at, {"status": STATUS[code], "handler": handler}
    doc = text(header, f"{NS}DocumentId")
    organ = text(header, f"{NS}From/{NS}OrganId")
    trace = text(root, f"{NS}edXMLEnvelope/{NS}edXMLHeader/{NS}TraceHeaderList/{NS}TraceHeader/{NS}Timestamp")
    fields = {
        "title": text(header, f"{NS}Subject"),
        "due": text(header, f"{NS}DueDate"),
        "agency": text(header, f"{NS}To/{NS}OrganId"),
        "type": text(header, f"{NS}DocumentType/{NS}TypeName"),
    }
    return f"{organ},{doc}", f"edoc-{doc}-{trace}", trace, fields


def map_json(tool, item):
    if tool == "ioffice":
        return (f"ioffice:{item['id']}", f"{item['id']}@{item['ngay_cap_nhat']}", item["ngay_cap_nhat"],
                {"title": item["trich_yeu"], "due": item["han_xu_ly"], "status": item["trang_thai"],
                 "handler": item["nguoi_xu_ly_chinh"]["email"], "agency": item["ma_don_vi"]})
    if tool == "party":
        return (f"party:{item['taskId']}", f"{item['taskId']}@{item['updatedAt']}", item["updatedAt"],
                {"title": item["title"], "due": item["deadline"], "status": item["status"],
                 "handler": item["assignee"]["memberCode"], "agency": item["organ"]})
    return (f"mass:{item['ma_cv']}", f"{item['ma_cv']}@{item['cap_nhat']}", str(item["cap_nhat"]),
            {"title": item["noi_dung"], "due": item["han"], "status": item["tinh_trang"],
             "handler": item["can_bo"]["ma_doan_vien"], "agency": item["to_chuc"]})


def store(db, source, raw, records):
    digest = hashlib.sha256(raw).hexdigest()
    with db:  # one transaction per payload
        db.execute("INSERT OR IGNORE INTO payload (hash, body) VALUES (?, ?)", (digest, raw))
        for key, record_id, at, fields in records:
            cur = db.execute("INSERT OR IGNORE INTO source_record (source, record_id, payload_hash) VALUES (?, ?, ?)",
                             (source, record_id, digest))
            if cur.rowcount == 0:
                continue  # already applied
            row = db.execute("SELECT body FROM task WHERE key = ?", (key,)).fetchone()
            task = json.loads(row[0]) if row else {"key": key}
            if at is None or at >= task.get("at", ""):
                task.update({k: v for k, v in fields.items() if v is not None})
                task["at"] = at or task.get("at", "")
            db.execute("INSERT INTO task (key, body) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET body = excluded.body",
                       (key, json.dumps(task, ensure_ascii=False, sort_keys=True)))


def main():
    work, kind, path = sys.argv[1], sys.argv[2], sys.argv[3]
    budget = float(sys.argv[4]) if len(sys.argv) > 4 else float("inf")
    manifest = json.load(open(os.path.join(work, "manifest.json")))
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    # The bridge's own durability: WAL with synchronous=NORMAL (a commit does not wait for the disk).
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript("""
        CREATE TABLE payload (hash TEXT PRIMARY KEY, body BLOB);
        CREATE TABLE source_record (source TEXT, record_id TEXT, payload_hash TEXT, PRIMARY KEY (source, record_id));
        CREATE TABLE task (key TEXT PRIMARY KEY, body TEXT);
        CREATE TABLE dead_letter (source TEXT, payload_hash TEXT, reason TEXT);
    """)
    records = size = 0
    started = time.perf_counter()
    if kind == "xml":
        for name in manifest["edxmlFiles"]:
            if records % 100 == 0 and time.perf_counter() - started > budget:
                break
            raw = open(os.path.join(work, name), "rb").read()
            size += len(raw)
            records += 1
            try:
                store(db, "eoffice", raw, [map_edxml(ET.fromstring(raw))])
            except (ET.ParseError, ValueError) as error:
                with db:
                    db.execute("INSERT INTO dead_letter VALUES (?, ?, ?)", ("eoffice", hashlib.sha256(raw).hexdigest(), str(error)))
    else:
        tools = sorted(manifest["jsonPages"].items())
        interleaved = [(tool, pages[i]) for i in range(max(len(p) for _, p in tools)) for tool, pages in tools if i < len(pages)]
        for tool, name in interleaved:
            if time.perf_counter() - started > budget:
                break
            raw = open(os.path.join(work, name), "rb").read()
            size += len(raw)
            page = json.loads(raw)
            items = page.get("data") if tool != "party" else page.get("items")
            records += len(items)
            store(db, tool, raw, [map_json(tool, item) for item in items])
    seconds = time.perf_counter() - started
    # VmHWM starts afresh at exec; getrusage's maxrss carries the parent's peak over on Linux.
    hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
    peak_mb = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"records": records, "bytes": size, "seconds": seconds, "peakMB": peak_mb}))


if __name__ == "__main__":
    main()

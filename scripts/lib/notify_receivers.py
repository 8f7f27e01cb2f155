"""The two receivers of scripts/notify-faults.sh: an SMTP relay (aiosmtpd) and a webhook endpoint, each appending
the event id of every message it takes to a file. The webhook checks each signature (HMAC-SHA256 of
`timestamp.body` under the secret) and answers 500 while the file `hook-fail` exists in the working folder. Each
takes 30 ms a message, as a real relay or endpoint does, so a pass is still at work when it is killed.
Usage: notify_receivers.py smtp PORT OUT | hook PORT OUT SECRET"""
import asyncio
import hashlib
import hmac
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def smtp(port, out):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(0.03)
            text = envelope.content.decode("utf-8", errors="replace")
            event = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("X-KPIBridge-Event:")), "")
            with open(out, "a") as f:
                f.write(event + "\n")
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    while True:
        time.sleep(1)


def hook(port, out, secret):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if os.path.exists("hook-fail"):
                self.send_response(500)
                self.end_headers()
                return
            time.sleep(0.03)
            stamp = self.headers.get("X-KPIBridge-Timestamp", "")
            expected = "sha256=" + hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, self.headers.get("X-KPIBridge-Signature", "")):
                self.send_response(401)
                self.end_headers()
                return
            with open(out, "a") as f:
                f.write(self.headers.get("X-KPIBridge-Event", "") + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "smtp":
        smtp(int(sys.argv[2]), sys.argv[3])
    else:
        hook(int(sys.argv[2]), sys.argv[3], sys.argv[4])

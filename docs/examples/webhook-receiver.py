#!/usr/bin/env python3
"""A loopback receiver for NumberBlocks webhooks that verifies every signature (Standard Webhooks, docs/callbacks.md).

Usage: python3 docs/examples/webhook-receiver.py [SECRET_FILE]   (listens on 127.0.0.1:9000)

The account's secret ("whsec_..." from GET /admin/v1/accounts/{id}/webhook_secret) comes from WEBHOOK_SECRET or from
SECRET_FILE, read again for every request (so a script may write it after the receiver started). A message whose
signature does not verify, or whose timestamp is more than 5 minutes off, is answered 401 and printed as BAD.
"""
import base64, hashlib, hmac, http.server, json, os, sys, time

SECRET_FILE = sys.argv[1] if len(sys.argv) > 1 else None
TOLERANCE = 5 * 60


def secret():
    if os.environ.get("WEBHOOK_SECRET"):
        return os.environ["WEBHOOK_SECRET"].strip()
    if SECRET_FILE and os.path.exists(SECRET_FILE):
        return open(SECRET_FILE).read().strip() or None
    return None


def verify(key, msg_id, timestamp, body, header):
    """True when one of the space-separated "v1,<base64>" signatures is HMAC-SHA256 of "id.timestamp.body"."""
    raw = base64.b64decode(key[len("whsec_"):] if key.startswith("whsec_") else key)
    expected = base64.b64encode(hmac.new(raw, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(part.split(",", 1)[-1], expected) for part in header.split() if part.startswith("v1,"))


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        msg_id, stamp, sig = (self.headers.get(h, "") for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
        key = secret()
        if key is None:
            verdict, ok = "UNVERIFIED (no secret given)", True
        elif not stamp.isdigit() or abs(time.time() - int(stamp)) > TOLERANCE:
            verdict, ok = "BAD (timestamp too far from now)", False
        elif not verify(key, msg_id, stamp, body, sig):
            verdict, ok = "BAD (signature does not verify)", False
        else:
            verdict, ok = "verified", True
        try:
            d = json.loads(body)
            data = d.get("data", d)
            what = data.get("event_type") or "number_request"
            status = data.get("payload", {}).get("status", {}).get("value", "") if "payload" in data else data.get("status", "")
        except (ValueError, AttributeError):
            what, status = "not JSON", ""
        print(msg_id, what, status, verdict, flush=True)
        self.send_response(204 if ok else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", 9000), Receiver).serve_forever()

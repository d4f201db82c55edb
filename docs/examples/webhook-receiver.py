# A loopback receiver for porting webhooks: prints each event and answers 204. python3 docs/examples/webhook-receiver.py
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        d = json.loads(body)["data"]
        print(self.headers.get("webhook-id"), d["event_type"], (d["payload"].get("status") or {}).get("value", ""), "signed" if self.headers.get("webhook-signature","").startswith("v1,") else "UNSIGNED", flush=True)
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", 9000), H).serve_forever()

#!/usr/bin/env bash
# Usage: OP=<operator key> [BASE=http://127.0.0.1:5080] [HOOK=http://127.0.0.1:9000/porting] [SECRET_FILE=/tmp/nb-secret]
#        docs/examples/porting-example2.sh
# Walks one Example 2 order (seed guide: +4920123456000-099, active 000-064 and 087) from creation to ported against a
# running service at $BASE, with a new account. With SECRET_FILE, the account's webhook secret is written there for
# docs/examples/webhook-receiver.py to verify signatures with. Whatever the service refuses is printed, and the script
# stops (exit 1): run it on a fresh database, or after the numbers' earlier order was cancelled.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5080}
OP=${OP:?operator key}
HOOK=${HOOK:-}

# get FIELD.PATH: prints that field of the JSON on stdin, or the service's errors (and fails) when it is not there.
get() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
try:
    v = d
    for k in sys.argv[1].split("."):
        v = v[int(k)] if k.isdigit() else v[k]
    print(v)
except (KeyError, IndexError, TypeError):
    print("The service refused it:", json.dumps(d.get("errors", d) if isinstance(d, dict) else d), file=sys.stderr)
    sys.exit(1)' "$1"
}

acct=$(curl -s -X POST $BASE/admin/v1/accounts -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -d '{"name": "Acme"}')
KEY=$(echo "$acct" | get data.api_key)
ACCOUNT=$(echo "$acct" | get data.id)
if [ -n "${SECRET_FILE:-}" ]; then
  curl -s $BASE/admin/v1/accounts/$ACCOUNT/webhook_secret -H "Authorization: Bearer $OP" | get data.webhook_secret > "$SECRET_FILE"
fi
order=$(curl -s -X POST $BASE/v2/porting_orders -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{
  "phone_number_blocks": [{
    "phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
    "activation_ranges": [
      {"start_at": "+4920123456000", "end_at": "+4920123456064"},
      {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}]}')
ID=$(echo "$order" | get data.0.id)
echo "order $ID"
if [ -n "$HOOK" ]; then
  curl -s -X PATCH $BASE/v2/porting_orders/$ID -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"webhook_url\": \"$HOOK\"}" | get data.id >/dev/null
fi
curl -s -X POST $BASE/v2/porting_orders/$ID/actions/confirm -H "Authorization: Bearer $KEY" | get data.status.value
for body in '{"status": "submitted"}' '{"status": "foc-date-confirmed", "foc_datetime_actual": "2026-12-01T08:00:00Z"}' '{"status": "ported"}'; do
  curl -s -X POST $BASE/admin/v1/porting_orders/$ID/status -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -d "$body" \
    | get data.status.value
done
for s in active inactive; do
  curl -s -g "$BASE/v2/phone_numbers?filter[status]=$s&page[size]=250" -H "Authorization: Bearer $KEY" \
    | python3 -c 'import sys,json; d=json.load(sys.stdin); n=[x["phone_number"][-3:] for x in d.get("data", [])]; print(sys.argv[1], d.get("meta", {}).get("total_results", d.get("errors")), n[0]+"-"+n[-1] if n else "", "incl. 087" if "087" in n else "")' $s
done
curl -s -g "$BASE/v2/porting/events?filter[porting_order_id]=$ID" -H "Authorization: Bearer $KEY" \
  | python3 -c 'import sys,json; d=json.load(sys.stdin); print("events:", [e["payload"]["status"]["value"] for e in d.get("data", [])] or d.get("errors"))'
echo "ACCOUNT=$ACCOUNT KEY=$KEY ID=$ID"

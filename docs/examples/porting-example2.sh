#!/usr/bin/env bash
# Usage: OP=<operator key> [BASE=http://127.0.0.1:5080] [HOOK=http://127.0.0.1:9000/porting] docs/examples/porting-example2.sh
# Walks one Example 2 order from creation to ported against a running service at $BASE.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5080}
OP=${OP:?operator key}
HOOK=${HOOK:-}
acct=$(curl -s -X POST $BASE/admin/v1/accounts -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -d '{"name": "Acme"}')
KEY=$(echo "$acct" | python3 -c 'import sys,json; print(json.load(sys.stdin)["data"]["api_key"])')
order=$(curl -s -X POST $BASE/v2/porting_orders -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{
  "phone_number_blocks": [{
    "phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
    "activation_ranges": [
      {"start_at": "+4920123456000", "end_at": "+4920123456064"},
      {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}]}')
ID=$(echo "$order" | python3 -c 'import sys,json; print(json.load(sys.stdin)["data"][0]["id"])')
echo "order $ID"
if [ -n "$HOOK" ]; then
  curl -s -X PATCH $BASE/v2/porting_orders/$ID -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "{\"webhook_url\": \"$HOOK\"}" >/dev/null
fi
st() { python3 -c 'import sys,json; d=json.load(sys.stdin); print(d["data"]["status"]["value"] if "data" in d else d)'; }
curl -s -X POST $BASE/v2/porting_orders/$ID/actions/confirm -H "Authorization: Bearer $KEY" | st
for body in '{"status": "submitted"}' '{"status": "foc-date-confirmed", "foc_datetime_actual": "2026-12-01T08:00:00Z"}' '{"status": "ported"}'; do
  curl -s -X POST $BASE/admin/v1/porting_orders/$ID/status -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -d "$body" | st
done
for s in active inactive; do
  curl -s -g "$BASE/v2/phone_numbers?filter[status]=$s&page[size]=250" -H "Authorization: Bearer $KEY" \
    | python3 -c 'import sys,json; d=json.load(sys.stdin); n=[x["phone_number"][-3:] for x in d["data"]]; print(sys.argv[1], d["meta"]["total_results"], n[0]+"-"+n[-1] if n else "", "incl. 087" if "087" in n else "")' $s
done
curl -s -g "$BASE/v2/porting/events?filter[porting_order_id]=$ID" -H "Authorization: Bearer $KEY" \
  | python3 -c 'import sys,json; d=json.load(sys.stdin); print("events:", [e["payload"]["status"]["value"] for e in d["data"]])'
echo "KEY=$KEY ID=$ID"

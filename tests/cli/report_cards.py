#!/usr/bin/env python3
"""report_cards.py REPORT.html MIN_CARDS: checks the packet cards of a
report's step-through. Each card sits in its event's <li> and cites the
run's event numbers: the card's event is the <li>'s (data-event, 0-based,
plus one), whatever the report left out of a big run. Passes when at least
MIN_CARDS cards are there and each has a sender and a demux, drop or
"not seen arriving" stage."""
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()
want = int(sys.argv[2])
items = re.findall(r'<li id="ev-(\d+)"[^>]* data-event="(\d+)".*?<div class="card" id="card-(\d+)">(.*?)</div></li>',
                   html, re.S)
if not items:
    sys.exit("no events in the step-through")
cards = 0
for row, event, card_row, body in items:
    if row != card_row:
        sys.exit(f"event row {row} holds card-{card_row}")
    if not body:
        continue
    cards += 1
    m = re.search(r'<section class="packet-card" data-event="(\d+)">', body)
    if not m or int(m.group(1)) != int(event) + 1:
        sys.exit(f"row {row}: the card cites event {m.group(1) if m else '?'}, the row is event {int(event) + 1}")
    if "card-sender" not in body and "card-NAT" not in body:
        sys.exit(f"row {row}: a card without its sender")
    if not re.search(r"demux, most specific first|dropped|not seen arriving|filtered|firewall", body):
        sys.exit(f"row {row}: a card without its end")
if cards < want:
    sys.exit(f"{cards} cards, expected at least {want}")
print(f"{cards} cards of {len(items)} events, each citing its own event")

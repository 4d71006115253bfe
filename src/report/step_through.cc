#include "portlab/report/step_through.h"

#include <algorithm>
#include <ostream>

#include "absl/strings/str_format.h"
#include "portlab/base/time.h"
#include "portlab/report/event_log.h"
#include "portlab/report/html_escape.h"
#include "portlab/report/ladder.h"
#include "portlab/report/ladder_svg.h"
#include "portlab/report/packet_card.h"
#include "portlab/report/svg_chart.h"
#include "portlab/report/trace_writer.h"

namespace portlab::report {
namespace {

constexpr const char* kStyle = R"(<style>
#events .ladder-grid { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; width: calc(100vw - 5em); }
#events .ladder-scroll { flex: 0 0 auto; max-width: 100%; overflow-x: auto; }
#events .step-panel { flex: 1 1 26em; min-width: 26em; position: sticky; top: 0; max-height: 100vh; overflow: auto; }
svg.ladder { font-family: sans-serif; font-size: 12px; margin: 0; }
svg.ladder .lane { stroke: #999; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg.ladder .lane-name { font-weight: bold; font-size: 14px; text-anchor: middle; }
svg.ladder .lane-address { font-size: 11px; fill: #555; text-anchor: middle; }
svg.ladder .nat-box { fill: #eef7f3; stroke: #009E73; stroke-width: 1; }
svg.ladder .time { font-family: monospace; font-size: 11px; fill: #555; text-anchor: end; }
svg.ladder .row { fill: transparent; }
svg.ladder .row.on { fill: #fff3b0; }
svg.ladder text.label, svg.ladder text.note, svg.ladder text.head, svg.ladder text.rewrite {
  paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.ladder .mid, svg.ladder .rewrite { text-anchor: middle; }
svg.ladder .label { font-weight: bold; }
svg.ladder .rewrite, svg.ladder .head { font-size: 11px; }
svg.ladder .cross { font-size: 15px; font-weight: bold; text-anchor: middle; }
svg.ladder .failure { font-weight: bold; }
svg.ladder .ev { cursor: pointer; }
svg.ladder .ev.on line, svg.ladder .ev.on path { stroke-width: 3.5; }
svg.ladder .ev.on text { font-weight: bold; text-decoration: underline; }
#events .step-controls { display: none; gap: 0.6em; align-items: center; margin-bottom: 0.5em; }
.scripted #events .step-controls { display: flex; }
#events .step-controls button { font-size: 14px; padding: 0.2em 0.8em; }
#events ol.events { position: relative; font-size: 12px; max-height: 40vh; overflow: auto; border: 1px solid #ddd; margin: 0;
  padding: 0.3em 0.3em 0.3em 3.5em; }
#events ol.events li { cursor: pointer; white-space: nowrap; }
#events ol.events li.on { background: #fff3b0; }
#events ol.events code { white-space: pre; }
#events .card li { white-space: normal; cursor: auto; }
#events .card ol.card-lookups { list-style: none; padding-left: 1em; }
#events .card:not(:empty) { white-space: normal; cursor: auto; background: #f6f6f6; border-left: 3px solid #0072B2;
  margin: 0.3em 0 0.6em; padding: 0.3em 0.6em; }
.scripted #events ol.events li:not(.on) .card { display: none; }
.scripted #events .instant { display: none; }
.scripted #events .instant.on { display: block; }
#events .instant pre { margin: 0.4em 0; }
#events .legend span { white-space: nowrap; margin-right: 1em; }
#events .legend, #events .selection-note { width: calc(100vw - 5em); }
</style>
<script>
window.onerror = function (message) {
  document.documentElement.setAttribute('data-script-error', String(message));
};
</script>
)";

// Shows one event at a time: its list item, its arrow or mark and row in
// the diagram, its instant's tables. Without it the page is a static list.
constexpr const char* kScript = R"(<script>
(function () {
  var root = document.documentElement;
  try {
    var list = document.getElementById('ladder-events');
    if (!list) return;
    root.classList.add('scripted');
    var items = list.querySelectorAll(':scope > li');  // not the cards' own lists
    var byRow = {};
    var drawn = document.querySelectorAll('svg.ladder .ev, svg.ladder .row');
    for (var d = 0; d < drawn.length; d++) {
      var rows = (drawn[d].getAttribute('data-ev') || drawn[d].getAttribute('data-row')).split(' ');
      for (var r = 0; r < rows.length; r++) (byRow[rows[r]] = byRow[rows[r]] || []).push(drawn[d]);
    }
    var position = document.getElementById('step-pos');
    var current = -1;
    var lit = [];
    function show(i, quiet) {
      if (i < 0 || i >= items.length) return;
      for (var k = 0; k < lit.length; k++) lit[k].classList.remove('on');
      current = i;
      var li = items[i];
      var instant = document.getElementById(li.getAttribute('data-instant'));
      lit = [li].concat(byRow[li.getAttribute('data-row')] || []);
      if (instant) lit.push(instant);
      for (var m = 0; m < lit.length; m++) lit[m].classList.add('on');
      position.textContent = (i + 1) + ' of ' + items.length;
      list.scrollTop = li.offsetTop - list.clientHeight / 2;
      if (quiet) return;
      var band = byRow[li.getAttribute('data-row')] || [];
      for (var b = 0; b < band.length; b++) {
        if (band[b].classList.contains('row')) band[b].scrollIntoView({block: 'nearest'});
      }
    }
    function step(by) { show(Math.max(0, Math.min(items.length - 1, current + by))); }
    document.getElementById('step-prev').addEventListener('click', function () { step(-1); });
    document.getElementById('step-next').addEventListener('click', function () { step(1); });
    document.addEventListener('keydown', function (e) {
      if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        step(e.key === 'ArrowRight' ? 1 : -1);
        e.preventDefault();
      }
    });
    list.addEventListener('click', function (e) {
      for (var n = e.target; n && n !== list; n = n.parentNode) {
        if (n.tagName === 'LI' && n.parentNode === list) { show(Array.prototype.indexOf.call(items, n)); return; }
      }
    });
    document.querySelector('svg.ladder').addEventListener('click', function (e) {
      for (var n = e.target; n && n.getAttribute; n = n.parentNode) {
        var ev = n.getAttribute('data-ev');
        if (ev) { show(parseInt(ev.split(' ')[0], 10)); return; }
      }
    });
    // FILE.html#step=N opens at event N (from 1), the page left where it is.
    var asked = /^#step=([0-9]+)$/.exec(location.hash);
    show(asked ? parseInt(asked[1], 10) - 1 : 0, true);
    if (current < 0) show(0, true);
    if (location.hash === '#selftest') {
      var press = function (key) { document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true})); };
      press('ArrowRight'); press('ArrowRight');
      document.getElementById('step-next').click();
      press('ArrowLeft');
      root.setAttribute('data-selftest', position.textContent);
    }
    root.setAttribute('data-step-through', 'ready');
  } catch (e) {
    root.setAttribute('data-script-error', String(e && e.message || e));
  }
})();
</script>
)";

// The index into `tables` of the instant at `t` (the latest at or before it).
size_t InstantOf(const std::vector<InstantTables>& tables, SimTime t) {
  auto it = std::upper_bound(tables.begin(), tables.end(), t,
                             [](SimTime time, const InstantTables& i) { return time < i.time; });
  return it == tables.begin() ? 0 : static_cast<size_t>(it - tables.begin()) - 1;
}

void WriteLegend(std::ostream& out) {
  out << "<p class=\"legend\">"
         "<span><b style=\"color:#0072B2\">→ blue</b>: a socket took it (rule and socket at its head)</span>"
         "<span><b style=\"color:#E69F00\">→ orange</b>: no socket took it (the host answers RST or ICMP)</span>"
         "<span><b style=\"color:#D55E00\">✕ red</b>: dropped (firewall, NAT, no route) or a call failed</span>"
         "<span><b style=\"color:#009E73\">green</b>: broadcast, NAT rewrite and mapping</span>"
         "<span><b style=\"color:#777\">- - grey</b>: no arrival drawn</span>"
         "<span><b style=\"color:#CC79A7\">purple</b>: a timer fired</span></p>\n";
}

}  // namespace

void WriteStepThroughHead(std::ostream& out) { out << kStyle; }

void WriteStepThrough(const StepThrough& step, std::ostream& out) {
  const std::vector<LoggedEvent>& events = step.selection->events();
  out << "<section id=\"events\">\n<h2>Sequence of events</h2>\n";
  if (events.empty()) {
    out << "<p>The run had no events.</p>\n</section>\n";
    return;
  }
  const std::string note = step.selection->Note();
  if (!note.empty()) out << "<p class=\"selection-note\">" << HtmlEscape(note) << "</p>\n";
  WriteLegend(out);
  out << "<div class=\"ladder-grid\">\n<div class=\"ladder-scroll\">\n";
  WriteLadderSvg(BuildLadder(events), out);
  out << "</div>\n<div class=\"step-panel\">\n";
  out << "<div class=\"step-controls\"><button type=\"button\" id=\"step-prev\">◀ previous</button>"
         "<span>event <span id=\"step-pos\"></span></span>"
         "<button type=\"button\" id=\"step-next\">next ▶</button><span>(or the ← → keys)</span></div>\n";
  size_t host_width = 0;
  for (const LoggedEvent& e : events) host_width = std::max(host_width, e.host.size());
  std::ostream nowhere(nullptr);  // FormatLine only formats
  const TraceWriter lines(nowhere, static_cast<int>(host_width));
  // Each segment's card (packet_card.h), told from the drawn events: the
  // selection keeps a conversation's events together, so a segment's
  // journey is among them. Numbered 1.. in drawing order, as the log.
  EventLog drawn;
  for (const LoggedEvent& e : events) drawn.Append(e.number, e.View());
  out << "<ol class=\"events\" id=\"ladder-events\">\n";
  for (size_t row = 0; row < events.size(); ++row) {
    const LoggedEvent& e = events[row];
    out << absl::StrFormat("<li id=\"ev-%d\" data-row=\"%d\" data-event=\"%d\"", row, row, e.number - 1);
    if (!step.tables.empty()) {
      const size_t instant = InstantOf(step.tables, e.View().time);
      out << absl::StrFormat(" data-instant=\"t-%d\"><a href=\"#t-%d\">tables</a> ", instant, instant);
    } else {
      out << ">";
    }
    out << "<code>" << HtmlEscape(lines.FormatLine(e.View())) << "</code>";
    out << absl::StrFormat("<div class=\"card\" id=\"card-%d\">", row);
    if (absl::StatusOr<PacketCard> card = BuildPacketCard(drawn, static_cast<int64_t>(row) + 1); card.ok()) {
      WritePacketCardHtml(*card, out);  // a call, a state, a timer: no card
    }
    out << "</div></li>\n";
  }
  out << "</ol>\n";
  if (!step.tables.empty()) {
    out << "<h3>Socket and NAT tables at that instant</h3>\n<div class=\"instants\">\n";
    for (size_t i = 0; i < step.tables.size(); ++i) {
      out << absl::StrFormat("<section class=\"instant\" id=\"t-%d\"><pre>%s</pre></section>\n", i,
                             HtmlEscape(step.tables[i].text));
    }
    out << "</div>\n";
  }
  out << "</div>\n</div>\n" << kScript << "</section>\n";
}

}  // namespace portlab::report

using System.Security.Cryptography;
using System.Text;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The HTML report's style and script, inline so the page needs no network. The page's Content
/// Security Policy allows exactly these two by hash: even text from the target that escaped escaping
/// could neither run a script nor load anything.
/// </summary>
internal static class HtmlReportAssets
{
    public const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1f24; }
        h1 { font-size: 1.4em; margin: 0 0 .3em; }
        h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
        .verdict { display: inline-block; padding: .2em .7em; border-radius: 4px; font-weight: bold; color: #fff; background: #57606a; }
        .verdict-clean { background: #1a7f37; }
        .verdict-leaks { background: #cf222e; }
        .verdict-inconclusive { background: #9a6700; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; }
        dl.facts dt { color: #57606a; }
        dl.facts dd { margin: 0; }
        table { border-collapse: collapse; margin: .4em 0; }
        th, td { border-bottom: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.text { min-width: 6em; max-width: 40em; overflow-wrap: anywhere; }
        .trend-growing { color: #cf222e; font-weight: bold; }
        .trend-falling { color: #1a7f37; }
        .muted { color: #57606a; }
        svg text { font: 11px system-ui, sans-serif; fill: #57606a; }
        #page-errors:empty { display: none; }
        #page-errors { color: #cf222e; }
        """;

    /// <summary>
    /// Draws the charts from the data island: an overview of the largest series and one small chart
    /// per site. Text from the target is only ever set as text or attribute values, never parsed as HTML.
    /// </summary>
    public const string Script = """
        (function () {
          var errors = document.getElementById('page-errors');
          function record(text) { var li = document.createElement('li'); li.textContent = String(text); errors.appendChild(li); }
          window.addEventListener('error', function (e) { record('error: ' + e.message); });
          window.addEventListener('securitypolicyviolation', function (e) { record('blocked: ' + e.violatedDirective); });
          var consoleError = console.error;
          console.error = function () { record('console.error: ' + Array.prototype.join.call(arguments, ' ')); consoleError.apply(console, arguments); };
          var NS = 'http://www.w3.org/2000/svg';
          var COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#bf3989', '#6e7781', '#4d2d00', '#0550ae', '#116329', '#a40e26'];
          function svg(name, attrs) { var e = document.createElementNS(NS, name); for (var k in attrs) { e.setAttribute(k, attrs[k]); } return e; }
          function known(values) { var max = 0; values.forEach(function (v) { if (v !== null && v > max) { max = v; } }); return max; }
          function line(values, width, height, max, attrs) {
            var step = values.length > 1 ? width / (values.length - 1) : 0, points = [];
            values.forEach(function (v, i) { if (v !== null) { points.push((i * step).toFixed(1) + ',' + (height - (max > 0 ? v / max : 0) * height).toFixed(1)); } });
            attrs.points = points.join(' ');
            return svg('polyline', attrs);
          }
          function chart(host, width, height, series, max, labels) {
            var pad = labels ? 36 : 2, chart = svg('svg', { width: width + pad + 4, height: height + (labels ? 22 : 4), role: 'img' });
            var plot = svg('g', { transform: 'translate(' + pad + ',2)' });
            plot.appendChild(svg('line', { x1: 0, y1: height, x2: width, y2: height, stroke: '#d0d7de' }));
            if (labels) {
              var top = svg('text', { x: -4, y: 9, 'text-anchor': 'end' }); top.textContent = String(max); plot.appendChild(top);
              var zero = svg('text', { x: -4, y: height, 'text-anchor': 'end' }); zero.textContent = '0'; plot.appendChild(zero);
              var end = svg('text', { x: width, y: height + 16, 'text-anchor': 'end' }); end.textContent = labels; plot.appendChild(end);
            }
            series.forEach(function (s) { plot.appendChild(s); });
            chart.appendChild(plot);
            host.appendChild(chart);
            return chart;
          }
          var island = document.getElementById('leakscope-timeline');
          var data = island ? JSON.parse(island.textContent) : null;
          if (data) {
            var span = (data.points * data.stepSeconds).toFixed(0) + ' s, a point every ' + data.stepSeconds + ' s';
            var all = data.series.map(function (s, i) { return { label: s.label, values: s.values, index: i }; });
            if (data.other) { all.push({ label: 'other (' + data.other.sites + ' sites)', values: data.other.values, index: 'other' }); }
            var drawn = all.slice().sort(function (a, b) { return known(b.values) - known(a.values); }).slice(0, COLORS.length);
            var max = Math.max(1, known([].concat.apply([], drawn.map(function (s) { return s.values; }))));
            var legend = document.getElementById('overview-legend');
            var lines = drawn.map(function (s, i) {
              var l = line(s.values, 720, 220, max, { fill: 'none', stroke: COLORS[i], 'stroke-width': 2, 'class': 'overview-line', 'data-series': String(s.index), 'data-label': s.label });
              var title = svg('title', {}); title.textContent = s.label; l.appendChild(title);
              var item = document.createElement('li'), swatch = document.createElement('span');
              swatch.textContent = '\u25A0 '; swatch.style.color = COLORS[i];
              item.appendChild(swatch); item.appendChild(document.createTextNode(s.label)); legend.appendChild(item);
              return l;
            });
            chart(document.getElementById('overview'), 720, 220, lines, max, span);
            document.querySelectorAll('td.site-chart').forEach(function (cell) {
              var s = data.series[Number(cell.getAttribute('data-series'))];
              if (!s) { return; }
              var peak = Math.max(1, known(s.values));
              chart(cell, 160, 32, [line(s.values, 160, 32, peak, { fill: 'none', stroke: '#0969da', 'stroke-width': 1.5, 'class': 'site-line', 'data-series': cell.getAttribute('data-series'), 'data-label': s.label })], peak, null);
            });
          }
          document.documentElement.setAttribute('data-rendered', 'yes');
        })();
        """;

    /// <summary>The Content-Security-Policy value: nothing from the network, only this style and script.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src 'none'; base-uri 'none'; form-action 'none'";

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

"""The batch's report.html: the class at a glance.

One self-contained file that opens from disk: no network, no server, no
script (its Content-Security-Policy forbids any). It holds the grade
distribution, each question's pass rate and times, the counts by status, a
table of students (each one's full report behind a click) and, when the
submissions were compared (grading/similarity.py), the pairs that look
alike with their matching code side by side (with a few lines around it,
the rest cut), and the files left out of the comparison. The charts are drawn by
matplotlib as SVG and embedded; without matplotlib the page has the tables
only. Everything that comes from a submission (names, output, code) is
escaped. The page's words are in the language of the messages (say).

    write_report("grades/report.html", results, questions, options, folder="entregas")
"""

import base64
import bisect
import datetime
import html
import io
import itertools
import os
import statistics

from grading import mistakes
from grading.endings import Status
from grading.report import language, say
from grading.summaries import write_whole

STYLE = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 75em; padding: 0 1em;
       color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #bbb;
     margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.full { background: #dff0d8; } .partial { background: #fcf3cf; } .zero { background: #f8d7da; }
.status-completed { color: #1e6b1e; } .status-error { color: #a15c00; }
.status-timeout { color: #6a1b9a; } .status-crash { color: #b00020; }
.status-grader_fault { color: #555555; }
.status-completed, .status-error, .status-timeout, .status-crash, .status-grader_fault {
  font-weight: bold; }
tr.report td { border-top: none; padding-top: 0; font-size: 0.9em; }
details summary { cursor: pointer; color: #1a4f8b; }
pre { white-space: pre-wrap; word-break: break-word; background: #f7f7f7; padding: 0.5em;
      border: 1px solid #ddd; font-size: 0.85em; max-width: 70em; }
.charts { display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; align-items: flex-start; }
.charts img { width: 30em; max-width: 100%; height: auto; }
.side { display: flex; gap: 1em; } .side > div { flex: 1; min-width: 0; }
mark { background: #ffe08a; }
.gap { color: #777; font-style: italic; }
.note { color: #555; font-size: 0.9em; }
td.flag { color: #b00020; font-weight: bold; }
#similar td { overflow-wrap: anywhere; } #similar td:last-child { min-width: 14em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  details, tr.report { display: none; }
  .charts img { width: 48%; page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
}
"""

MOST_SIDE_BY_SIDE = 100  # pairs whose code the page shows side by side
TOP_PAIRS = 20  # pairs the page lists, or all the flagged ones if more
CHART_BLUE, CHART_RED = "#4a7ab5", "#cc3333"
CONTEXT = 3  # lines shown around the matching code,
GAP = 3      # and the most lines farther from it shown in full

# No script, no request: images only from the page itself.
POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
          "form-action 'none'")


def write_report(path, results, questions, options, folder, similar=None, missing=()):
    """Write the page for `results` (the batch's summaries, grading/summaries.py)
    of `questions` [(name, Question)] into `path`, whole or not at all.
    `missing`: the students with no grade yet (a merge of shards, grading/shards.py)."""
    page = render(results, questions, options, folder, similar, missing)
    write_whole(path, lambda f: f.write(page))


def render(results, questions, options, folder, similar=None, missing=()):
    """The page, as a string."""
    title = say("Batch report: {folder}", folder=os.path.basename(os.path.normpath(folder)))
    parts = ['<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8">'.format(language()),
             '<meta http-equiv="Content-Security-Policy" content="{}">'.format(POLICY),
             "<title>{}</title><style>{}</style></head><body>".format(_e(title), STYLE),
             "<h1>{}</h1>".format(_e(title)), _about(results, questions, options, folder),
             _missing(missing), _overview(results, questions), _questions(results, questions),
             _mistakes(results, questions), _students(results, questions)]
    if similar is not None:
        parts.append(_similarity(similar))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _e(text):
    """`text` escaped for HTML, quotes included."""
    return html.escape(str(text), quote=True)


def _about(results, questions, options, folder):
    seeds = ", ".join(str(options.seed + k) for k in range(options.attempts))
    return "<p>{}</p>".format(_e(say(
        "{count} submissions from {folder}, report of {date}. Questions: {questions}. Seeds: "
        "{seeds}.", count=len(results), folder=os.path.abspath(folder),
        date=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), seeds=seeds,
        questions=", ".join(say("{name} ({points} points)", name=name, points=q.points)
                            for name, q in questions))))


def _missing(students):
    """A paragraph naming the students with no grade yet, if any."""
    if not students:
        return ""
    return '<p id="not-graded"><strong>{}</strong></p>'.format(_e(say(
        "{count} submissions have no grade yet and are not counted on this page (see "
        "not_graded.csv): {students}.", count=len(students), students=", ".join(students))))


def _table(name, header):
    """The start of the table `name`: its header row."""
    return '<table id="{}"><tr>{}</tr>'.format(
        name, "".join("<th>{}</th>".format(_e(cell)) for cell in header))


def _label(status):
    """A status code (grading/endings.py's Status values, kept as they are in
    the CSV and the JSON) as the page shows it."""
    return {Status.COMPLETED: say("completed"), Status.ERROR: say("error"),
            Status.TIMEOUT: say("timeout"), Status.CRASH: say("crash"),
            Status.GRADER_FAULT: say("grader fault")}[Status.read(status)]


def _status_words():
    return {"completed": say("graded to the end (the points may still be 0)"),
            "error": say("the code raised an exception, or training diverged"),
            "timeout": say("out of time"),
            "crash": say("the process ended (sys.exit, killed, out of memory), or there was no "
                         "models.py"),
            "grader_fault": say("the grader failed on it, not the student's code: the next run "
                                "of the batch grades it again")}


def _overview(results, questions):
    possible = sum(q.points for _, q in questions)
    totals = [r["points"] for r in results]
    parts = ["<h2>{}</h2>".format(_e(say("At a glance")))]
    if totals:
        parts.append("<p>{}</p>".format(_e(say(
            "Mean {mean:.1f} of {possible} points, median {median:g}; {full} of {count} "
            "submissions earned every point.", mean=statistics.mean(totals),
            median=statistics.median(totals), possible=possible, count=len(totals),
            full=sum(1 for total in totals if total == possible)))))
    words = _status_words()
    rows = [_table("statuses", [say("status"), say("submissions"), say("meaning")])]
    for status in reversed([status.value for status in Status]):  # completed first
        count = sum(1 for r in results if r["status"] == status)
        rows.append('<tr><td class="status-{}">{}</td><td class="number">{}</td>'
                    "<td>{}</td></tr>".format(status, _e(_label(status)), count,
                                              _e(words[status])))
    rows.append("</table>")
    parts.append("\n".join(rows))
    parts.append(_charts(results, questions))
    return "\n".join(parts)


def _questions(results, questions):
    header = [say("question"), say("points"), say("every point"), say("pass rate"),
              say("some points"), say("no points"), say("median time (s)"),
              say("longest (s)"), say("statuses")]
    rows = ['<h2>{}</h2>'.format(_e(say("Questions"))),
            '<p class="note">{}</p>'.format(_e(say(
                "The pass rate is the share of submissions that earned every point of the "
                "question. Times are the question's attempts together."))),
            _table("questions", header)]
    for name, question in questions:
        points = [r["questions"][name]["points"] for r in results]
        full = sum(1 for p in points if p == question.points)
        zero = sum(1 for p in points if p == 0)
        seconds = [r["questions"][name]["seconds"] for r in results
                   if r["questions"][name]["seconds"] is not None]
        statuses = [r["questions"][name]["status"] for r in results]
        counted = ", ".join("{} {}".format(_label(status), statuses.count(status))
                            for status in reversed([status.value for status in Status])
                            if status in statuses)
        cells = [name, question.points, full, _percent(full, len(points)),
                 len(points) - full - zero, zero,
                 "{:.1f}".format(statistics.median(seconds)) if seconds else "-",
                 "{:.1f}".format(max(seconds)) if seconds else "-", counted]
        rows.append("<tr>{}</tr>".format("".join(
            '<td{}>{}</td>'.format('' if i in (0, 8) else ' class="number"', _e(cell))
            for i, cell in enumerate(cells))))
    rows.append("</table>")
    return "\n".join(rows)


def _mistakes(results, questions):
    """What the class got wrong: per question, each mistake's code
    (grading/mistakes.py) with how many students it cost points, the points
    in all, what it is and what to teach, the spread of its figures, and
    the students behind a click; sorted by points lost. A chart of the
    points each question lost, by mistake."""
    by_question = _mistakes_by_question(results, questions)
    parts = ["<h2>{}</h2>".format(_e(say("What the class got wrong"))),
             '<p class="note">{}</p>'.format(_e(say(
                 "Each failure the grader recognised, from what it checked itself, in the "
                 "attempt that counted (mistakes.csv has the same rows). A question's lost "
                 "points go to its first mistake.")))]
    if not any(by_question.values()):
        parts.append("<p>{}</p>".format(_e(say("No mistakes: every question earned every "
                                                "point."))))
        return "\n".join(parts)
    from grading.dependencies import has_matplotlib
    if has_matplotlib():
        parts.append('<div class="charts"><img alt="{}" src="data:image/svg+xml;base64,{}">'
                     "</div>".format(_e(say("Points lost, by mistake")),
                                     _mistakes_chart(by_question)))
    header = [say("mistake"), say("what it is; what to teach"), say("students"),
              say("points lost"), say("figures"), say("who")]
    for name, question in questions:
        entries = by_question[name]
        if not entries:
            continue
        parts.append("<h3>{} ({})</h3>".format(_e(name), _e(question.title[
            0 if language() == "es" else 1])))
        rows = [_table("mistakes-" + name, header)]
        for code, found in entries:
            meaning, teach = mistakes.explain(code)
            students = sorted({row[0] for row in found})
            rows.append(
                '<tr class="mistake"><td><code>{}</code></td><td>{}<br><i>{}</i></td>'
                '<td class="number">{}</td><td class="number">{}</td><td>{}</td>'
                "<td><details><summary>{}</summary>{}</details></td></tr>".format(
                    _e(code), _e(meaning), _e(teach), len(students),
                    sum(row[3] for row in found), _e(_spread(found)),
                    _e(say("names")),
                    _e(", ".join(students))))
        rows.append("</table>")
        parts.append("\n".join(rows))
    return "\n".join(parts)


def _mistakes_by_question(results, questions):
    """{question: [(code, its rows of mistakes.rows)] sorted by points lost}."""
    rows = mistakes.rows(results)
    found = {}
    for name, _ in questions:
        codes = {}
        for row in rows:
            if row[1] == name:
                codes.setdefault(row[2], []).append(row)
        found[name] = sorted(codes.items(), key=lambda item: (-sum(r[3] for r in item[1]),
                                                              -len(item[1]), item[0]))
    return found


def _spread(rows):
    """The range of each figure among `rows` (mistakes.rows), in words."""
    words = []
    for index, figure in enumerate(mistakes.FIGURES, start=4):
        values = [row[index] for row in rows if row[index] != ""]
        if not values:
            continue
        low, high = min(values), max(values)
        if figure in ("accuracy", "validation"):
            text = "{:.1%}".format(low) if low == high else "{:.1%}-{:.1%}".format(low, high)
        elif figure == "batches":
            text = "{}".format(low) if low == high else "{}-{}".format(low, high)
        else:
            text = "{:.4g}".format(low) if low == high else "{:.4g}-{:.4g}".format(low, high)
        words.append("{} {}".format(_figure_words().get(figure, figure), text))
    return ", ".join(words)


def _figure_words():
    return {"accuracy": say("test"), "validation": say("validation"), "loss": say("loss"),
            "initial_loss": say("initial loss"), "batches": say("batches")}


def _mistakes_chart(by_question):
    """Points lost per question, stacked by mistake (the five that cost the
    most in the class, the rest as one)."""
    totals = {}
    for entries in by_question.values():
        for code, rows in entries:
            totals[code] = totals.get(code, 0) + sum(row[3] for row in rows)
    top = [code for code, _ in sorted(totals.items(), key=lambda item: -item[1])[:5]]
    names = list(by_question)
    figure = _figure(height=1.8 + 0.45 * len(names))
    axes = figure.subplots()
    left = [0] * len(names)
    colors = ["#cc5a64", "#e3c04f", "#5a7ecc", "#8e5acc", "#5aaecc", "#999999"]
    for code, color in zip(top + [None], colors):
        values = []
        for name in names:
            values.append(sum(sum(row[3] for row in rows) for other, rows in by_question[name]
                              if (other == code) or (code is None and other not in top)))
        if not any(values):
            continue
        axes.barh(names, values, left=left, color=color,
                  label=code if code is not None else say("other"))
        left = [a + b for a, b in zip(left, values)]
    axes.invert_yaxis()
    axes.set_xlabel(say("points lost, all students"))
    axes.set_title(say("Points lost, by mistake"))
    figure.legend(loc="lower center", ncol=3, frameon=False, fontsize="small")
    return _svg(figure, bottom=0.9 / figure.get_figheight())


def _percent(part, whole):
    return "{:.0f}%".format(100.0 * part / whole) if whole else "-"


def _students(results, questions):
    names = [name for name, _ in questions]
    header = ["#", say("student"), *names, say("total"), say("time (s)"), say("status"),
              say("notes")]
    rows = ["<h2>{}</h2>".format(_e(say("Students"))),
            '<p class="note">{}</p>'.format(_e(say(
                "Each student's full report, tracebacks included, opens under their row."))),
            _table("students", header)]
    for number, r in enumerate(results, start=1):
        cells = ['<td class="number">{}</td>'.format(number),
                 '<td class="name">{}</td>'.format(_e(r["student"]))]
        for name in names:
            question = r["questions"][name]
            detail = _label(question["status"])
            if question["seconds"] is not None:
                detail = "{}, {} s".format(detail, question["seconds"])
            cells.append('<td class="number {}" title="{}">{}</td>'.format(
                _share_class(question["points"], question["max_points"]), _e(detail),
                _e(question["points"])))
        cells.append('<td class="number {}">{}</td>'.format(
            _share_class(r["points"], r["max_points"]), _e(r["points"])))
        cells.append('<td class="number">{}</td>'.format(
            _e(r["seconds"] if r["seconds"] is not None else "-")))
        cells.append('<td class="status-{}">{}</td>'.format(_e(r["status"]),
                                                              _e(_label(r["status"]))))
        cells.append("<td>{}</td>".format("<br>".join(_e(note) for note in r.get("notes", []))))
        rows.append('<tr class="student">{}</tr>'.format("".join(cells)))
        rows.append('<tr class="report"><td></td><td colspan="{}"><details><summary>{}</summary>'
                    "<pre>{}</pre></details></td></tr>".format(
                        len(header) - 1, _e(say("report of {student}", student=r["student"])),
                        _e(r.get("report", "").strip("\n"))))
    rows.append("</table>")
    return "\n".join(rows)


def _share_class(points, possible):
    return "full" if points == possible else "zero" if points == 0 else "partial"


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------

def _charts(results, questions):
    """The three charts as embedded SVG images; a note instead without
    matplotlib or without results."""
    from grading.dependencies import has_matplotlib
    if not results:
        return ""
    if not has_matplotlib():
        return '<p class="note">{}</p>'.format(_e(say(
            "matplotlib is not installed, so the report has no charts.")))
    images = [(say("Grade distribution"), _grade_chart(results, questions)),
              (say("Points per question"), _points_chart(results, questions)),
              (say("Time per question"), _time_chart(results, questions))]
    return '<div class="charts">{}</div>'.format("\n".join(
        '<img alt="{}" src="data:image/svg+xml;base64,{}">'.format(_e(alt), image)
        for alt, image in images))


def _figure(width=6.4, height=3.2):
    from matplotlib.figure import Figure  # no pyplot: no window, no global state
    return Figure(figsize=(width, height))


def _svg(figure, bottom=0.0):
    """The figure as SVG, base64-encoded; `bottom`: the share of its height
    kept free below the axes (for a legend)."""
    import matplotlib
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "report"}):
        figure.tight_layout(rect=(0, bottom, 1, 1))
        figure.savefig(buffer, format="svg")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _grade_chart(results, questions):
    possible = sum(q.points for _, q in questions)
    totals = [r["points"] for r in results]
    figure = _figure()
    axes = figure.subplots()
    values = list(range(possible + 1))
    axes.bar(values, [totals.count(v) for v in values], color=CHART_BLUE)
    axes.set_title(say("Grade distribution"))
    axes.set_xlabel(say("total points (of {possible})", possible=possible))
    axes.set_ylabel(say("submissions"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_xlim(-0.6, possible + 0.6)
    return _svg(figure)


def _points_chart(results, questions):
    names = [name for name, _ in questions]
    count = len(results)
    shares = {"full": [], "partial": [], "zero": []}
    for name, question in questions:
        points = [r["questions"][name]["points"] for r in results]
        shares["full"].append(100.0 * sum(p == question.points for p in points) / count)
        shares["zero"].append(100.0 * sum(p == 0 for p in points) / count)
        shares["partial"].append(100.0 - shares["full"][-1] - shares["zero"][-1])
    figure = _figure(height=1.8 + 0.45 * len(names))
    axes = figure.subplots()
    left = [0.0] * len(names)
    for kind, color, label in (("full", "#5a9e5a", say("every point")),
                               ("partial", "#e3c04f", say("some points")),
                               ("zero", "#cc5a64", say("no points"))):
        axes.barh(names, shares[kind], left=left, color=color, label=label)
        left = [a + b for a, b in zip(left, shares[kind])]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(say("% of submissions"))
    axes.set_title(say("Points per question"))
    figure.legend(loc="lower center", ncol=3, frameon=False)
    return _svg(figure, bottom=0.45 / figure.get_figheight())


def _time_chart(results, questions):
    """Each submission's time on each question as a dot, the median as a bar."""
    from matplotlib.ticker import ScalarFormatter
    names = [name for name, _ in questions]
    figure = _figure(height=1.6 + 0.45 * len(names))
    axes = figure.subplots()
    for row, name in enumerate(names):
        times = [r["questions"][name]["seconds"] for r in results
                 if r["questions"][name]["seconds"] is not None]
        axes.plot(times, [row] * len(times), "o", color=CHART_BLUE, alpha=0.5, markersize=5)
        if times:
            axes.plot([statistics.median(times)] * 2, [row - 0.3, row + 0.3], color="#222")
    axes.set_yticks(range(len(names)))
    axes.set_yticklabels(names)
    axes.set_ylim(len(names) - 0.5, -0.5)
    axes.set_xscale("symlog", linthresh=1)  # a time-out far out leaves the rest readable
    axes.xaxis.set_major_formatter(ScalarFormatter())  # 10, not 10^1
    axes.set_xlim(left=0)
    axes.set_xlabel(say("seconds (every attempt together; the bar is the median)"))
    axes.set_title(say("Time per question"))
    return _svg(figure)


# --------------------------------------------------------------------------
# Similar submissions
# --------------------------------------------------------------------------

def _similarity_method(similar):
    """The paragraphs that say how the pairs were compared and flagged, and
    what was left out: a list of HTML strings."""
    from grading import similarity
    parts = []
    sentences = [say("Every pair of submissions' models.py was compared with copydetect "
                     "(fingerprints of the code with names left out, as MOSS does), leaving out "
                     "the code of the students' skeleton.")]
    if similar.boilerplate:
        sentences.append(say("Also left out: the code of {files} (--boilerplate).",
                             files=", ".join(similar.boilerplate)))
    if similar.common is not None:
        sentences.append(say("Code found in {common} or more of the {count} submissions is "
                             "left out too, as the class's own (a copy and its original "
                             "count once).", common=similar.common, count=similar.submissions))
    if similar.reference_folder:
        sentences.append(say("Each was also compared with the {references} known solutions in "
                             "{folder}.", references=similar.references,
                             folder=similar.reference_folder))
    parts.append("<p>{}</p>".format(_e(" ".join(sentences))))
    parts.append('<p id="rule">{}</p>'.format(_e(say(
        "Independent solutions of this assignment share many short stretches of code; copies "
        "share long ones. So each pair is scored by its code in shared fragments of "
        "{fragment} characters or more (as copydetect counts them, each name one character: "
        "about three lines), and flagged when that stands out from the class: {minimum} "
        "characters or more above the typical pair (the median, here {typical:g}) and "
        "{outlier} robust standard deviations, or {ceiling} characters whatever the class. "
        "Here that is {cut:g} characters or more: {flagged} of {count} pairs. A flag is a "
        "reason to read the two files side by side, not a verdict: code given in class, or "
        "two students who worked together as allowed, look the same.",
        fragment=similarity.FRAGMENT, minimum=similarity.MINIMUM, typical=similar.typical,
        outlier=similarity.OUTLIER, ceiling=similarity.CEILING, cut=similar.cut,
        flagged=len(similar.flagged), count=len(similar.pairs)))))
    if similar.threshold is not None:
        parts.append("<p>{}</p>".format(_e(say(
            "Also flagged (--similarity-threshold): pairs where {threshold:.0f}% or more of one "
            "side's code matches the other, {minimum} characters or more.",
            threshold=100 * similar.threshold, minimum=similarity.OLD_MINIMUM))))
    if similar.notes:
        parts.append('<p>{}</p><ul class="left-out">{}</ul>'.format(
            _e(say("Left out of the comparison:")),
            "".join("<li>{}</li>".format(_e(note)) for note in similar.notes)))
    return parts


def _similarity(similar):
    """The section on similar pairs (a grading.similarity.Comparison): how
    they were compared, the class's histogram, the top pairs and why each
    flagged one is, each student's most similar other, and the code of the
    top pairs side by side."""
    parts = ["<h2>{}</h2>".format(_e(say("Similar submissions")))] + _similarity_method(similar)
    if not similar.pairs:
        return "\n".join(parts)
    parts.append(_similarity_chart(similar))
    shown = similar.pairs[:max(len(similar.flagged), TOP_PAIRS)]
    parts.append(_pairs_table(shown))
    if len(shown) < len(similar.pairs):
        parts.append('<p class="note">{}</p>'.format(_e(say(
            "The {shown} most similar pairs are shown; similarity.csv lists all {count}, with "
            "the same signals.", shown=len(shown), count=len(similar.pairs)))))
    parts.append(_closest_table(similar))
    if len(shown) > MOST_SIDE_BY_SIDE:
        parts.append('<p class="note">{}</p>'.format(_e(say(
            "The code of the first {shown} pairs is shown side by side; similarity.csv lists "
            "them all.", shown=MOST_SIDE_BY_SIDE))))
    for number, pair in enumerate(shown[:MOST_SIDE_BY_SIDE], start=1):
        columns = "".join(
            "<div><strong>{}</strong><pre>{}</pre></div>".format(_e(name), _marked(source, marks))
            for name, source, marks in zip((pair.first, _second(pair)), pair.sources,
                                           pair.regions))
        parts.append('<details class="pair"><summary>{}</summary><div class="side">{}</div>'
                     "</details>".format(_e(say(
                         "{number}. {first} and {second}: the code in long shared fragments, "
                         "marked", number=number, first=pair.first, second=_second(pair))),
                         columns))
    return "\n".join(parts)


def _second(pair):
    """How the page names the second side of a pair."""
    if pair.reference:
        return say("{name} (known solution)", name=pair.second)
    return pair.second


def _pairs_table(pairs):
    """The most similar pairs, flagged ones marked, with their signals and why."""
    header = ["#", say("submission"), say("compared with"), say("flagged"),
              say("code in long fragments"), say("above the typical pair"),
              say("longest fragment"), say("share of the first"), say("share of the second"),
              say("why")]
    rows = [_table("similar", header)]
    for number, pair in enumerate(pairs, start=1):
        longest = "-"
        if pair.longest_lines:
            (a, b), (c, d) = pair.longest_lines
            longest = say("{characters} ch., lines {a}-{b} / {c}-{d}",
                          characters=pair.longest, a=a, b=b, c=c, d=d)
        cells = ['<td class="number">{}</td>'.format(number),
                 "<td>{}</td>".format(_e(pair.first)), "<td>{}</td>".format(_e(_second(pair))),
                 '<td class="flag">{}</td>'.format(_e(say("yes") if pair.flagged else "")),
                 '<td class="number">{}</td>'.format(pair.copied),
                 '<td class="number">{}</td>'.format(_e(say(
                     "{excess:+g} ({deviations:.1f} sd)", excess=round(pair.excess),
                     deviations=pair.deviations))),
                 "<td>{}</td>".format(_e(longest)),
                 '<td class="number">{}</td>'.format(_percent(pair.shares[0], 1)),
                 '<td class="number">{}</td>'.format(_percent(pair.shares[1], 1)),
                 "<td>{}</td>".format(_e("; ".join(pair.reasons)))]
        rows.append('<tr class="pair">{}</tr>'.format("".join(cells)))
    rows.append("</table>")
    return "\n".join(rows)


def _closest_table(similar):
    """Each submission compared, with the one most similar to it, most similar first."""
    names = set()
    for pair in similar.pairs:
        names.add(pair.first)
        if not pair.reference:
            names.add(pair.second)
    closest = similar.closest(names)
    rows = ["<h3>{}</h3>".format(_e(say("Most similar to each student"))),
            _table("closest", [say("student"), say("most similar to"),
                               say("code in long fragments"), say("flagged")])]
    for name, pair in sorted(closest.items(), key=lambda item: (-item[1].copied, item[0])):
        other = _second(pair) if name == pair.first else pair.first
        rows.append('<tr class="student"><td>{}</td><td>{}</td><td class="number">{}</td>'
                    '<td class="flag">{}</td></tr>'.format(_e(name), _e(other), pair.copied,
                                              _e(say("yes") if pair.flagged else "")))
    rows.append("</table>")
    return "\n".join(rows)


def _similarity_chart(similar):
    """The histogram of every pair's score, flagged pairs in red, the cut
    dashed; a note instead without matplotlib."""
    from grading import similarity
    from grading.dependencies import has_matplotlib
    if not has_matplotlib():
        return '<p class="note">{}</p>'.format(_e(say(
            "matplotlib is not installed, so the report has no charts.")))
    import numpy as np
    scores = [pair.copied for pair in similar.pairs]
    flagged = [pair.copied for pair in similar.pairs if pair.flagged]
    others = [pair.copied for pair in similar.pairs if not pair.flagged]
    top = max(max(scores), similar.cut) * 1.05 + 1
    bins = np.linspace(0, top, 41)
    figure = _figure(height=3.0)
    axes = figure.subplots()
    axes.hist([others, flagged], bins=bins, stacked=True, log=True,
              color=[CHART_BLUE, CHART_RED],
              label=[say("pairs"), say("flagged pairs ({count})", count=len(flagged))])
    axes.axvline(similar.cut, color="#222", linestyle="--", linewidth=1,
                 label=say("flagged from {cut:g}", cut=similar.cut))
    if flagged:  # each flagged pair also as a mark above the bars: one is a thin bar
        axes.plot(flagged, [0.96] * len(flagged), "v", color=CHART_RED, markersize=7,
                  transform=axes.get_xaxis_transform(), clip_on=False)
    axes.set_xlim(0, top)
    axes.set_ylim(bottom=0.7)
    axes.set_xlabel(say("code in shared fragments of {fragment}+ characters (a pair's score)",
                        fragment=similarity.FRAGMENT))
    axes.set_ylabel(say("pairs (log scale)"))
    axes.set_title(say("Every pair of submissions"))
    axes.legend(loc="center right", fontsize="small", frameon=False)
    return '<div class="charts"><img id="pairs-chart" alt="{}" src="data:image/svg+xml;' \
           'base64,{}"></div>'.format(_e(say("Every pair of submissions")), _svg(figure))


def _marked(source, regions):
    """`source` escaped, with each (start, end) of `regions` in <mark>, and
    each stretch of more than GAP lines farther than CONTEXT lines from any
    mark replaced by one line that says how many lines it had."""
    lines = source.splitlines(keepends=True)
    starts = [0] + list(itertools.accumulate(len(line) for line in lines))
    near = [False] * len(lines)
    for start, end in regions:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_left(starts, end) - 1
        for number in range(max(first - CONTEXT, 0), min(last + CONTEXT + 1, len(lines))):
            near[number] = True
    out, shown, number = [], 0, 0  # shown: where the text not yet written starts
    while number < len(lines):
        end = number
        while end < len(lines) and not near[end]:
            end += 1
        if end - number > GAP:
            out.append(_marked_between(source, regions, shown, starts[number]))
            out.append('<span class="gap">{}</span>\n'.format(
                _e(say("… {count} lines …", count=end - number))))
            shown = starts[end]
        number = end + 1
    out.append(_marked_between(source, regions, shown, len(source)))
    return "".join(out)


def _marked_between(source, regions, low, high):
    """source[low:high] escaped, with the parts of `regions` in it in <mark>."""
    out, at = [], low
    for start, end in sorted(regions):
        start = min(max(start, at), high)
        end = min(max(end, start), high)
        out.append(_e(source[at:start]))
        if end > start:
            out.append("<mark>{}</mark>".format(_e(source[start:end])))
        at = end
    out.append(_e(source[at:high]))
    return "".join(out)

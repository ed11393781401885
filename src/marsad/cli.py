"""The `marsad` command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import click

from marsad.extract import valid_date
from marsad.schema import Document
from marsad.sources.files import InputProblem, read_inputs

SAMPLE = str(resources.files("marsad") / "data" / "sample")


class RunSummary:
    def __init__(self) -> None:
        self.articles = 0
        self.skipped = 0
        self.events = 0
        self.errors: list[str] = []

    def error(self, line: str) -> None:
        self.errors.append(line)
        click.echo(f"error: {line}", err=True)

    def report(self) -> None:
        click.echo(
            f"{self.articles} articles, {self.events} events, {self.skipped} skipped, {len(self.errors)} errors",
            err=True,
        )


def _check_published(value: str | None) -> str | None:
    if value is not None and not valid_date(value):
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--published")
    return value


def _documents(inputs: list[str], summary: RunSummary) -> Iterator[Document]:
    for item in read_inputs(inputs):
        if isinstance(item, InputProblem):
            summary.error(str(item))
        else:
            yield item


def _with_id(doc: Document, doc_id: str) -> Document:
    doc.doc_id = doc_id
    return doc


def _with_progress(docs: Iterator[Document], inputs: list[str]) -> Iterator[Document]:
    many = len(inputs) > 1 or any(Path(i).is_dir() or i.endswith((".jsonl", ".gz", ".warc")) for i in inputs)
    if not many or not sys.stderr.isatty():
        yield from docs
        return
    from tqdm import tqdm

    yield from tqdm(docs, unit=" articles", file=sys.stderr)


def _process_all(inputs: list[str], published: str | None, summary: RunSummary, workers: int = 1,
                 doc_id: str | None = None):
    from marsad.engine.local import Failure, run_local

    docs = _with_progress(_documents(inputs, summary), inputs)
    if doc_id:
        docs = (_with_id(d, doc_id) for d in docs)
    for result in run_local(docs, published, workers):
        if isinstance(result, Failure):
            summary.error(f"{result.source}: {result.reason}")
            continue
        doc = result.article
        if result.article.status != "ok":
            summary.skipped += 1
            click.echo(f"skipped: {doc.source}: {result.article.reason}", err=True)
        else:
            summary.articles += 1
            summary.events += len(result.events)
        yield result


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """marsad (مرصد): Arabic news → security-diplomacy event data."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write events here (default: stdout).")
@click.option("--articles", "articles_path", type=click.Path(dir_okay=False), help="Also write article records here.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@click.option("--doc-id", help="Document id for a single input without one (e.g. to score it against a gold file).")
def extract(inputs: tuple[str, ...], published: str | None, output: str | None, articles_path: str | None,
            workers: int, doc_id: str | None) -> None:
    """Code events from INPUTS (files, directories, - for stdin) as JSON Lines."""
    published = _check_published(published)
    summary = RunSummary()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    art = open(articles_path, "w", encoding="utf-8") if articles_path else None
    try:
        for result in _process_all(list(inputs), published, summary, workers, doc_id):
            for event in result.events:
                out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            if art:
                art.write(json.dumps(result.article.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
        if art:
            art.close()
    summary.report()
    sys.exit(1 if summary.errors else 0)


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--db", default="marsad.duckdb", show_default=True, help="DuckDB database file.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
def run(inputs: tuple[str, ...], db: str, published: str | None, workers: int) -> None:
    """Process INPUTS (the bundled sample when none) into the DuckDB store."""
    from marsad.store import Store

    published = _check_published(published)
    names = list(inputs) or [SAMPLE]
    summary = RunSummary()
    store = Store(db)
    run_id = store.start_run(names)
    try:
        for result in _process_all(names, published, summary, workers):
            store.save(result.article, result.events, run_id)
    finally:
        store.finish_run(run_id, summary.articles, summary.events, summary.skipped, summary.errors)
        store.close()
    summary.report()
    sys.exit(1 if summary.errors else 0)


def _table(events: list[dict]) -> str:
    def party(p: dict | None) -> str:
        if not p:
            return "-"
        ident = p.get("country") or p.get("group") or "?"
        return f"{p.get('text') or ''} [{ident}]".strip()

    rows = []
    for e in events:
        loc = e.get("location") or {}
        flags = ("future " if e.get("future") else "") + ("negated" if e.get("negated") else "")
        rows.append([e["published"] or "", e["type"], e.get("mode") or "", party(e.get("actor")),
                     party(e.get("recipient")), loc.get("text") or "", e.get("date") or "", flags.strip()])
    header = ["published", "type", "mode", "actor", "recipient", "location", "date", "flags"]
    widths = [min(40, max(len(str(r[i])) for r in rows + [header])) for i in range(len(header))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))]
    for r in rows:
        lines.append("  ".join(str(c)[:w].ljust(w) for c, w in zip(r, widths, strict=True)))
    return "\n".join(lines)


@main.command()
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None)
def events(db: str, fmt: str, limit: int | None) -> None:
    """Print the stored events."""
    from marsad.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such database (run `marsad run` first)")
    store = Store(db, read_only=True)
    records = store.events(limit)
    store.close()
    if fmt == "jsonl":
        for e in records:
            click.echo(json.dumps(e, ensure_ascii=False))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(["event_id", "doc_id", "published", "type", "mode", "cameo", "actor", "actor_country",
                    "actor_group", "recipient", "recipient_country", "recipient_group", "location",
                    "location_country", "date", "future", "negated", "confidence"])
        for e in records:
            a, r, loc = e.get("actor") or {}, e.get("recipient") or {}, e.get("location") or {}
            w.writerow([e["event_id"], e["doc_id"], e["published"], e["type"], e.get("mode"), e.get("cameo"),
                        a.get("text"), a.get("country"), a.get("group"), r.get("text"), r.get("country"),
                        r.get("group"), loc.get("text"), loc.get("country"), e.get("date"), e["future"],
                        e["negated"], e["confidence"]])
    else:
        click.echo(_table(records) if records else "no events")


@main.group("eval")
def eval_group() -> None:
    """Score predictions against gold files."""


@eval_group.command("events")
@click.option("--gold", required=True, type=click.Path(exists=True), help="Gold file or directory (EVENTS.md format).")
@click.option("--pred", required=True, type=click.Path(exists=True, dir_okay=False), help="Predicted events (JSON Lines).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_events(gold: str, pred: str, as_json: bool) -> None:
    """P/R/F1 overall and per type, location and date accuracy (EVENTS.md scoring)."""
    from marsad.evaluate import format_report, load_gold, load_predictions, score

    try:
        report = score(load_predictions(Path(pred)), load_gold(Path(gold)))
    except (json.JSONDecodeError, KeyError) as exc:
        raise click.ClickException(f"{pred}: not a JSON Lines file of event records ({exc})") from exc
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


if __name__ == "__main__":  # pragma: no cover
    main()

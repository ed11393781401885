"""The `marsad` command."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from marsad.extract import valid_date
from marsad.schema import Document
from marsad.sources.files import EmptyRecord, InputProblem, InputWarning, one_line, read_inputs

if TYPE_CHECKING:
    import duckdb
    from tqdm import tqdm

    from marsad.process import Result

SAMPLE = str(resources.files("marsad") / "data" / "sample")


_CORPUS_HELP = ("The SaudiNewsNet zips (../shared/data/corpus/saudinewsnet/zips), for annotated directories whose "
                "articles are named by a manifest.tsv (data/annotations/events).")
_PADT_HELP = ("The UD PADT v1.3 treebank (../shared/data/ud/padt-v1.3), for annotated directories whose manifest.tsv "
              "names PADT documents (data/annotations/events_padt: older newswire of other outlets).")
_NEWSFANE_HELP = ("The NewsFANE corpus (../shared/data/ner/newsfane), for annotated directories whose manifest.tsv names "
                  "NewsFANE passages (data/annotations/events_newsfane: older newswire of other outlets).")

class RunSummary:
    """What a run read, coded, skipped and failed on. Its lines go to stderr: above the progress bar when
    there is one (tqdm.write), never onto it. Only `error:` lines make the exit status 1."""

    def __init__(self) -> None:
        self.articles = 0
        self.skipped = 0
        self.events = 0  # one per event id in each article: what the store keeps
        self.repeats = 0  # events coded with an id their article already had: the store keeps one of them
        self.errors: list[str] = []
        self.records = 0  # records read: documents, and records dropped while reading
        self.sent = 0  # documents sent to be coded (a re-run does not send unchanged ones)
        self.coded = 0  # documents back from coding
        self.bar: tqdm | None = None  # on a terminal
        self.stored: dict[str, int] | None = None  # the store's figures, after `marsad run`

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def error(self, line: str) -> None:
        line = one_line(line)
        self.errors.append(line)
        self.say(f"error: {line}")

    def warning(self, line: str) -> None:
        self.say(f"warning: {one_line(line)}")

    def skip(self, line: str) -> None:
        self.skipped += 1
        self.say(f"skipped: {one_line(line)}")

    def add(self, result: Result) -> None:
        """Count one coded document."""
        self.coded += 1
        if result.article.status != "ok":
            self.skip(f"{result.article.source}: {result.article.reason}")
            return
        self.articles += 1
        distinct = len({e.event_id for e in result.events})
        self.events += distinct
        self.repeats += len(result.events) - distinct

    def tick(self) -> None:
        """Move the bar to the records done: coded, or dropped before coding (unreadable, empty, unchanged)."""
        if self.bar is not None:
            self.bar.update(self.coded + self.records - self.sent - self.bar.n)

    def close_bar(self) -> None:
        if self.bar is not None:
            self.tick()
            self.bar.total = self.bar.n  # the total counted ahead is an estimate (blank lines, broken files)
            self.bar.close()
            self.bar = None

    def report(self) -> None:
        repeats = (f" (and {self.repeats} more coded with the id of another event of their article, "
                   "so kept once)" if self.repeats else "")
        click.echo(f"{self.articles} articles, {self.events} events{repeats}, {self.skipped} skipped, "
                   f"{len(self.errors)} errors", err=True)
        if self.stored:
            click.echo(_store_line(self.stored), err=True)


def _store_figures(con: duckdb.DuckDBPyConnection) -> dict[str, int] | None:
    """Articles, events and stories in the store, as `marsad stats` counts them: a story is a cluster, or an
    event outside clusters (negated events and events of undated articles are not clustered). None for a
    sharded store with no events yet (its events view has no columns to count)."""
    columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'events'").fetchall()}
    if "cluster_id" not in columns:
        return None
    row = con.execute(
        "SELECT count(*), count(DISTINCT coalesce(cluster_id, event_id)), count(*) FILTER (WHERE cluster_id IS NULL), "
        "count(*) FILTER (WHERE cluster_id IS NULL AND negated), "
        "count(*) FILTER (WHERE cluster_id IS NULL AND NOT negated AND published IS NULL) FROM events").fetchone()
    articles, coded = con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'ok') FROM articles").fetchone()
    clusters, multi = con.execute("SELECT count(*), count(*) FILTER (WHERE num_articles > 1) FROM clusters").fetchone()
    keys = ("events", "stories", "unclustered", "negated", "undated")
    return {"articles": articles, "coded": coded, **dict(zip(keys, row, strict=True)), "clusters": clusters,
            "multi_article": multi}


def _stories_note(f: dict[str, int]) -> str:
    reasons = [f"{f[k]} {k}" for k in ("negated", "undated") if f[k]]
    other = f["unclustered"] - f["negated"] - f["undated"]
    reasons += [f"{other} not clustered yet"] if other else []
    outside = (f"{f['unclustered']} events outside clusters ({', '.join(reasons)}), one story each"
               if f["unclustered"] else "")
    inside = (f"{f['events'] - f['unclustered']} events in {f['clusters']} clusters, "
              f"{f['multi_article']} of them reported by several articles")
    return "; ".join(filter(None, [inside, outside]))


def _store_line(f: dict[str, int]) -> str:
    return (f"store: {f['articles']} articles ({f['coded']} coded, {f['articles'] - f['coded']} skipped), "
            f"{f['events']} events, {f['stories']} stories: {_stories_note(f)}")


def _check_published(value: str | None) -> str | None:
    if value is not None and not valid_date(value):
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--published")
    return value


def _documents(inputs: list[str], summary: RunSummary) -> Iterator[Document]:
    from marsad.sources.skipped import Skipped

    for item in read_inputs(inputs):
        if not isinstance(item, InputWarning) or isinstance(item, EmptyRecord):
            summary.records += 1  # every item is a record, but a warning, which goes with one
        if isinstance(item, EmptyRecord):
            summary.skip(str(item))
        elif isinstance(item, InputWarning):
            summary.warning(str(item))
        elif isinstance(item, InputProblem):
            summary.error(str(item))
        elif isinstance(item, Skipped):
            summary.skipped += 1
        else:
            yield item


def _with_id(doc: Document, doc_id: str) -> Document:
    doc.doc_id = doc_id
    return doc


def _sent(docs: Iterator[Document], summary: RunSummary) -> Iterator[Document]:
    for doc in docs:
        summary.sent += 1
        yield doc


_CONTAINERS = (".zip", ".json", ".jsonl", ".gz", ".warc")


def _with_progress(inputs: list[str]) -> tqdm | None:
    """A progress bar on stderr when it is a terminal and the input is big: several inputs, a directory, or
    one container file (zip, JSON, JSON Lines, WARC, gzip). A background thread counts the records ahead
    (count_records, when that is cheap) and gives the bar its total, hence an ETA."""
    big = len(inputs) > 1 or any(Path(i).is_dir() or i.lower().endswith(_CONTAINERS) for i in inputs)
    if not big or not sys.stderr.isatty():
        return None
    import threading

    from tqdm import tqdm

    from marsad.sources.files import count_records

    bar = tqdm(total=None, unit=" articles", file=sys.stderr, dynamic_ncols=True)

    def count() -> None:
        total = count_records(inputs)
        if total is not None and not bar.disable:  # a closed bar is disabled
            bar.total = total
            bar.refresh()

    threading.Thread(target=count, daemon=True).start()
    return bar


def _process_all(inputs: list[str], published: str | None, summary: RunSummary, workers: int | None = None,
                 doc_id: str | None = None, filter_docs=None, engine: str = "local", ray_address: str | None = None):
    from marsad.engine.local import Failure, default_workers, run_local

    summary.bar = _with_progress(inputs)
    docs = _documents(inputs, summary)
    if doc_id:
        docs = (_with_id(d, doc_id) for d in docs)
    if filter_docs:
        docs = filter_docs(docs)
    docs = _sent(docs, summary)
    workers = workers or default_workers()
    if engine == "ray":
        from marsad.engine.ray_engine import run_ray

        results = run_ray(docs, published, workers, ray_address)
    else:
        results = run_local(docs, published, workers)
    try:
        for result in results:
            failed = isinstance(result, Failure)
            if failed:
                summary.coded += 1
                summary.error(f"{result.source}: {result.reason}")
            else:
                summary.add(result)
            summary.tick()
            if not failed:
                yield result
    finally:
        summary.close_bar()


class _Main(click.Group):
    """A store that cannot be opened or read (not a DuckDB file, locked, damaged) is one error line, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if type(exc).__module__ in ("duckdb", "_duckdb") or type(exc).__name__ == "StoreBusy":
                raise click.ClickException(str(exc).splitlines()[0]) from None
            raise


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """marsad (مرصد): Arabic news → security-diplomacy event data."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write events here (default: stdout).")
@click.option("--articles", "articles_path", type=click.Path(dir_okay=False), help="Also write article records here.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (default: the core count).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", help="Join a running Ray cluster (default: start a local one).")
@click.option("--doc-id", help="Document id for a single input without one (e.g. to score it against a gold file).")
@click.option("--coder", type=click.Choice(["hybrid", "rules", "learned"]), default="hybrid", show_default=True,
              help="Event coder: the learned stages (models/events, or --event-model) plus the rules' confident "
                   "drafts where they coded nothing (hybrid), the rule coder alone, or the learned stages alone.")
@click.option("--event-model", type=click.Path(exists=True, file_okay=False), help="A model from 'marsad train events'.")
def extract(inputs: tuple[str, ...], published: str | None, output: str | None, articles_path: str | None,
            workers: int | None, engine: str, ray_address: str | None, doc_id: str | None, coder: str,
            event_model: str | None) -> None:
    """Code events from INPUTS (files, directories, - for stdin) as JSON Lines."""
    published = _check_published(published)
    if (coder != "hybrid" or event_model) and engine == "ray":
        raise click.UsageError("--coder and --event-model run on the local engine for now (Ray actors build the default pipeline)")
    from marsad.nlp.pipeline import use_coder

    use_coder(coder, event_model)
    if coder != "rules":
        from marsad.events.learned.model import check_event_model

        try:
            check_event_model(event_model)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    summary = RunSummary()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    art = open(articles_path, "w", encoding="utf-8") if articles_path else None
    try:
        for result in _process_all(list(inputs), published, summary, workers, doc_id, engine=engine,
                                   ray_address=ray_address):
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
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (default: the core count).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", help="Join a running Ray cluster (default: start a local one).")
@click.option("--batch", type=click.IntRange(1), default=200, show_default=True, help="Articles per transaction.")
@click.option("--no-cluster", is_flag=True, help="Do not recompute cross-article clusters at the end.")
@click.option("--shards", "shards_dir", type=click.Path(file_okay=False),
              help="Write Parquet shards here (one per input file or group of files) and attach them to the store "
                   "without copying; shards already complete are skipped.")
@click.option("--files-per-shard", type=click.IntRange(1), default=100, show_default=True,
              help="Small files (HTML, text) grouped into one shard.")
@click.option("--shard-mb", type=click.FloatRange(0.001), default=32.0, show_default=True,
              help="JSON Lines files bigger than this are cut into shards of about this size.")
def run(inputs: tuple[str, ...], db: str, published: str | None, workers: int | None, engine: str,
        ray_address: str | None, batch: int, no_cluster: bool, shards_dir: str | None, files_per_shard: int,
        shard_mb: float) -> None:
    """Process INPUTS (the bundled sample when none) into the DuckDB store.

    Unchanged articles already stored are skipped; changed ones are replaced; a killed run resumes."""
    from marsad.cluster import cluster_store
    from marsad.process import source_hash
    from marsad.store import Store

    published = _check_published(published)
    names = list(inputs) or [SAMPLE]
    if shards_dir:
        _run_sharded(names, db, shards_dir, published, workers, engine, ray_address, no_cluster, files_per_shard,
                     int(shard_mb * (1 << 20)))
        return
    summary = RunSummary()
    store = Store(db)
    if store.sharded():
        shards = store.shards_dir()
        store.close()
        raise click.ClickException(f"{db} reads Parquet shards from {shards}: add --shards there")
    run_id = store.start_run(names)
    known = store.known_hashes()
    # from here on the store file is held only for short turns (a batch write): marsad serve answers
    # between them (marsad.handoff)
    store.release()
    unchanged = 0

    def todo(docs):
        # the first copy of an article wins, in one run as in a run resumed after a kill: a later copy of the
        # same content (the same article under another URL) is skipped, never stored over the first
        nonlocal unchanged
        for doc in docs:
            digest = source_hash(doc)
            if doc.doc_id and known.get(doc.doc_id) == digest:
                unchanged += 1
                continue
            if doc.doc_id:
                known[doc.doc_id] = digest
            yield doc

    pending = []
    try:
        for result in _process_all(names, published, summary, workers, filter_docs=todo, engine=engine,
                                   ray_address=ray_address):
            pending.append((result.article, result.events))
            if len(pending) >= batch:
                with store.turn():
                    store.save_batch(pending, run_id)
                pending = []
        with store.turn():
            store.save_batch(pending, run_id)
        if not no_cluster:
            cluster_store(store)
        with store.turn() as con:
            summary.stored = _store_figures(con)  # the summary's store line: what `marsad stats` counts
    finally:
        with store.turn():
            store.finish_run(run_id, summary.articles, summary.events, summary.skipped, summary.errors, unchanged)
        store.close()
    if unchanged:
        click.echo(f"{unchanged} unchanged articles skipped", err=True)
    summary.report()
    sys.exit(1 if summary.errors else 0)


def _run_sharded(names: list[str], db: str, directory: str, published: str | None, workers: int | None, engine: str,
                 ray_address: str | None, no_cluster: bool, files_per_shard: int, shard_bytes: int) -> None:
    import pyarrow.parquet as pq

    from marsad.cluster import cluster_store
    from marsad.engine.local import default_workers
    from marsad.engine.shards import completed, plan_shards, run_shards_local, shard_files
    from marsad.store import Store

    summary = RunSummary()
    store = Store(db)
    try:
        store.attach_shards(directory, shard_files(directory))  # refuses a store with rows of its own, up front
    except ValueError as exc:
        store.close()
        raise click.ClickException(str(exc)) from None
    run_id = store.start_run(names)
    store.release()  # the shards are processed without the store file: marsad serve keeps answering
    shards, problems = plan_shards(names, files_per_shard, shard_bytes)
    for problem in problems:
        summary.error(str(problem))
    done = completed(directory)
    todo = [s for s in shards if done.get(s.slot) != s.fingerprint]
    click.echo(f"{len(shards)} shards: {len(shards) - len(todo)} complete already, {len(todo)} to process", err=True)
    workers = workers or default_workers()
    Path(directory).mkdir(parents=True, exist_ok=True)
    try:
        if engine == "ray":
            from marsad.engine.ray_engine import run_ray_shards

            reports = run_ray_shards(todo, str(Path(directory).resolve()), published, workers, ray_address)
        else:
            reports = run_shards_local(todo, str(Path(directory).resolve()), published, workers)
        for report in reports:
            summary.articles += report.articles
            summary.events += report.events
            summary.skipped += report.skipped
            click.echo(f"shard {report.slot}: {report.articles} articles, {report.events} events, "
                       f"{report.skipped} skipped, {report.errors} errors in {report.seconds:.1f} s", err=True)
            errors = pq.read_table(Path(directory) / "errors" / f"{report.slot}.parquet").to_pylist()
            for row in errors:
                (summary.warning if row["kind"] == "warning" else summary.error)(f"{row['source']}: {row['reason']}")
        with store.turn():
            store.attach_shards(directory, shard_files(directory))
        if not no_cluster:
            cluster_store(store)
        with store.turn() as con:
            summary.stored = _store_figures(con)  # the summary's store line: what `marsad stats` counts
    finally:
        with store.turn():
            store.finish_run(run_id, summary.articles, summary.events, summary.skipped, summary.errors)
        store.close()
    summary.report()
    sys.exit(1 if summary.errors else 0)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew, Arabic and their neighbours


def _cell(value: object, width: int, cut: bool = True) -> str:
    """A table cell padded to `width` (and cut to it). Right-to-left text is isolated (U+2068 FSI … U+2069
    PDI), so that a terminal that reorders bidirectional text keeps the columns in their order."""
    text = str(value)[:width] if cut else str(value)
    pad = " " * (width - len(text))
    return f"\u2068{text}\u2069{pad}" if _RTL.search(text) else text + pad


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
        lines.append("  ".join(_cell(c, w) for c, w in zip(r, widths, strict=True)))
    return "\n".join(lines)


def _unknown(value: str, what: str, close: list[str], known: str = "") -> click.BadParameter:
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return click.BadParameter(f"'{value}' is not {what}{hint}{known}")


def _check_types(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """PLOVER types, case-insensitive, repeated or comma-separated (as the API takes them)."""
    import difflib

    from marsad.knowledge.check import PLOVER_TYPES

    wanted = tuple(t.strip().upper() for value in values for t in value.split(",") if t.strip())
    for t in wanted:
        if t not in PLOVER_TYPES:
            close = difflib.get_close_matches(t, sorted(PLOVER_TYPES), n=3, cutoff=0.5)
            raise _unknown(t, "a PLOVER event type", close, " (" + ", ".join(sorted(PLOVER_TYPES)) + ")")
    return wanted


def _countries() -> dict[str, list[str]]:
    """ISO alpha-3 code → names, from the knowledge base's countries.tsv."""
    import csv

    from marsad.knowledge.base import DATA

    with open(DATA / "countries.tsv", encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return {r[0].strip(): r[1].split("|") if len(r) > 1 else [] for r in rows}


def _check_country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A state marsad knows, by ISO alpha-3 code (case-insensitive); a name gets its code suggested."""
    import difflib

    from marsad.arabic.normalize import normalize

    if not value:
        return value
    countries = _countries()
    code = value.strip().upper()
    if code in countries:
        return code
    named = [c for c, names in countries.items() if normalize(value.strip()) in {normalize(n) for n in names}]
    try:
        import pycountry

        named.append(pycountry.countries.lookup(value.strip()).alpha_3)
    except LookupError:
        pass
    close = list(dict.fromkeys(named + difflib.get_close_matches(code, sorted(countries), n=3, cutoff=0.6)))
    raise _unknown(value, "the ISO alpha-3 code of a state marsad knows (knowledge/data/countries.tsv)",
                   [c for c in close if c in countries])


def _check_group(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A group id of the knowledge base (groups.tsv), case-insensitive."""
    import difflib

    from marsad.knowledge.base import load_groups

    if not value:
        return value
    groups = load_groups()
    group = value.strip().upper()
    if group not in groups:
        raise _unknown(value, "a group id marsad knows (knowledge/data/groups.tsv)",
                       difflib.get_close_matches(group, sorted(groups), n=3, cutoff=0.6))
    return group


def _filter_options(f):
    country, group = {"callback": _check_country}, {"callback": _check_group}
    options = [
        click.option("--type", "types", multiple=True, callback=_check_types,
                     help="PLOVER type (repeatable, or comma-separated)."),
        click.option("--mode"), click.option("--context"),
        click.option("--actor-country", **country), click.option("--recipient-country", **country),
        click.option("--country", help="Either side's state (ISO3).", **country),
        click.option("--actor-group", **group), click.option("--recipient-group", **group),
        click.option("--name", help="A participant's name or text, Arabic or Latin."),
        click.option("--place"),
        click.option("--location-country", help="The state the event took place in (ISO3).", **country),
        click.option("--precision", type=click.Choice(["exact", "region", "country"]),
                     help="The place's precision: a city or site, a region, or the state alone."),
        click.option("--from", "date_from"), click.option("--to", "date_to"),
        click.option("--source", help="Site or URL part."), click.option("--text", help="Search the evidence."),
        click.option("--min-confidence", type=float),
        click.option("--clustered/--single", default=None, help="Reported by several articles, or by one."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _make_filter(kw: dict):
    from marsad.query import EventFilter

    for key in ("date_from", "date_to"):
        if kw.get(key) and not valid_date(kw[key]):
            raise click.BadParameter(f"'{kw[key]}' is not a date (YYYY-MM-DD)", param_hint=f"--{key[5:]}")
    return EventFilter(types=list(kw.pop("types") or []), **kw)


def _open_read_only(db: str):
    from marsad.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such database (run `marsad run` first)")
    return Store(db, read_only=True)


@main.command()
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "acled", "gdelt", "parquet"]), default="table",
              show_default=True, help="A table, or an export (docs/exports.md): jsonl, csv (marsad's flat columns), "
              "acled or gdelt (ACLED-/GDELT-like CSV), parquet (a directory).")
@click.option("-o", "--output", help="Output file (directory for parquet); default stdout.")
@click.option("--limit", type=int, default=None)
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 byte order mark (Excel then reads Arabic right).")
@click.option("--sql", "sql", help="Run a read-only SQL query instead (tables: articles, mentions, events, clusters).")
@click.option("--view", type=click.Choice(["machine", "reviewed", "both"]), default="machine", show_default=True,
              help="The machine's records, with analysts' reviews applied (rejected left out), or both.")
@_filter_options
def events(db: str, fmt: str, output: str | None, limit: int | None, bom: bool, sql: str | None, view: str, **filters) -> None:
    """Print or export stored events, filtered."""
    from marsad.export import STREAMED, write, write_parquet
    from marsad.query import select_events

    store = _open_read_only(db)
    try:
        if sql:
            cols, rows = _user_query(store, sql)
            _write_rows(cols, rows, "csv" if fmt == "csv" else "table", output)
            return
        flt = _make_filter(filters)
        if fmt == "parquet":
            if view != "machine":
                raise click.BadParameter("Parquet holds the machine's records (--view machine)", param_hint="--view")
            write_parquet(store.con, flt, output or "events-parquet")
            click.echo(f"wrote {output or 'events-parquet'}/month=…/*.parquet", err=True)
            return
        if fmt in STREAMED:  # streamed in batches, straight from the store: the same bytes as /api/export.*
            with open(output, "wb") if output else contextlib.nullcontext(sys.stdout.buffer) as out:
                write(store.con, flt, fmt, out, view=view, limit=limit, bom=bom)
            return
        if view != "machine":
            records = _reviewed_records(store.con, flt, limit, view)
        else:
            _, rows = select_events(store.con, flt, ["record"], limit)
            records = [json.loads(r[0]) for r in rows]
    finally:
        store.close()
    with open(output, "w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout) as out:
        out.write((_table(records) if records else "no events") + "\n")


def _user_query(store, sql: str) -> tuple[list[str], list[tuple]]:
    """--sql: one SELECT on a read-only connection with no file, extension or network access but the
    store's own shards (query.lock_down); any error is one line."""
    from marsad.query import lock_down, read_query

    shards = store.shards_dir()
    lock_down(store.con, [shards] if shards else [])
    try:
        return read_query(store.con, sql)
    except Exception as exc:  # noqa: BLE001 - the user's SQL: one line, no traceback
        raise click.ClickException(f"--sql: {exc}".splitlines()[0]) from exc


def _reviewed_records(con, flt, limit: int | None, view: str) -> list[dict]:
    """Analysts' reviews applied (reviewed) or alongside (both), exactly as the web app's exports."""
    from marsad.web.data import list_events

    records, _ = list_events(con, flt, limit, 0, "published", view)
    return records


def _write_rows(cols: list[str], rows: list[tuple], fmt: str, output: str | None) -> None:
    import csv

    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "csv":
            w = csv.writer(out)
            w.writerow(cols)
            w.writerows(rows)
        else:
            width = [min(40, max([len(c)] + [len(str(r[i])) for r in rows])) for i, c in enumerate(cols)]
            out.write("  ".join(c.ljust(w) for c, w in zip(cols, width, strict=True)) + "\n")
            for r in rows:
                out.write("  ".join(_cell(v, w) for v, w in zip(r, width, strict=True)) + "\n")
    finally:
        if output:
            out.close()


@main.command()
@click.option("--db", default="marsad.duckdb", show_default=True)
@_filter_options
def stats(db: str, **filters) -> None:
    """Counts by type, dyad and month: stories (one real-world event however many articles report it),
    then events (mentions), articles and sources."""
    from marsad.query import COUNT_COLUMNS, totals
    from marsad.query import stats as event_stats

    store = _open_read_only(db)
    try:
        flt = _make_filter(filters)
        tables = event_stats(store.con, flt)
        matching = totals(store.con, flt)
        counts = store.counts()
        figures = _store_figures(store.con)
    finally:
        store.close()
    if figures:  # stories beside clusters: a story is a cluster or an event outside clusters
        counts = {**dict(list(counts.items())[:3]), "stories": figures["stories"], **dict(list(counts.items())[3:])}
    click.echo("store: " + "  ".join(f"{k}: {v}" for k, v in counts.items()))
    if figures:
        click.echo(f"  ({_stories_note(figures)})")
    click.echo("matching: " + "  ".join(f"{k}: {v}" for k, v in matching.items()))
    for title, rows in tables.items():
        click.echo(f"\n{title:26}" + "".join(f"{c:>9}" for c in COUNT_COLUMNS))
        for key, *values in rows:
            click.echo("  " + _cell(key, 24, cut=False) + "".join(f"{v:>9}" for v in values))


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--feeds", "feeds_file", type=click.Path(exists=True, dir_okay=False), help="A file of feed/page URLs.")
@click.option("--every", default="15m", show_default=True, help="Polling interval (e.g. 90s, 15m, 1h).")
@click.option("--once", is_flag=True, help="Poll once and stop.")
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--min-interval", type=float, default=1.0, show_default=True, help="Seconds between requests to one host.")
def watch(targets, feeds_file, every, once, db, min_interval) -> None:
    """Poll RSS/Atom feeds and pages, code new articles into the store."""
    import time

    from marsad.cluster import cluster_store
    from marsad.extract import ExtractionError
    from marsad.process import process
    from marsad.sources.watch import Watcher, WatchReport, parse_interval
    from marsad.store import Store

    urls = list(targets)
    if feeds_file:
        urls += [ln.strip() for ln in Path(feeds_file).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
    if not urls:
        raise click.UsageError("give feed or page URLs, or --feeds FILE")
    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(f"'{every}' is not an interval", param_hint="--every") from exc
    store = Store(db)
    if store.sharded():
        shards = store.shards_dir()
        store.close()
        raise click.ClickException(f"{db} reads Parquet shards from {shards}; watch into a table store")
    # the store file is held only for short turns (a feed's state, an article's rows, clustering's write):
    # marsad serve answers between them (marsad.handoff)
    store.release()
    watcher = Watcher(store.turn, min_interval=min_interval)
    try:
        while True:
            report = WatchReport()
            events = 0
            for url in urls:
                pending: list = []  # processed, not yet stored: written in one turn per WATCH_BATCH
                for doc in watcher.poll(url, report):
                    try:
                        pending.append((doc, process(doc)))
                    except ExtractionError as exc:
                        report.errors.append(f"{doc.source}: {exc}")
                        watcher.mark_seen(doc.url or doc.source, 200)
                        continue
                    if len(pending) >= WATCH_BATCH:
                        events += _save_watched(store, watcher, pending)
                events += _save_watched(store, watcher, pending)
            if report.new_articles:
                cluster_store(store)
            for line in report.errors:
                click.echo(f"error: {line}", err=True)
            click.echo(f"{report.feeds_checked} feeds checked ({report.not_modified} unchanged), "
                       f"{report.new_articles} new articles, {events} events, {report.already_seen} already seen, "
                       f"{report.refused_by_robots} refused by robots.txt", err=True)
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


WATCH_BATCH = 20  # articles stored per turn by marsad watch: few turns, little to redo after a crash


def _save_watched(store, watcher, pending: list) -> int:
    """Store processed articles and mark their URLs seen, in one turn; returns the events stored."""
    if not pending:
        return 0
    with store.turn():
        store.save_batch([(result.article, result.events) for _, result in pending])
        for doc, _ in pending:
            watcher.mark_seen(doc.url or doc.source)
    events = sum(len(result.events) for _, result in pending)
    pending.clear()
    return events


@main.command("cluster")
@click.option("--db", default="marsad.duckdb", show_default=True, help="DuckDB database file.")
@click.option("--full/--new", default=True, show_default=True,
              help="Re-cluster every event (after an upgrade of marsad's clustering), or only events without a story.")
def cluster_command(db: str, full: bool) -> None:
    """Group the store's events into stories again (marsad run and watch cluster as they store)."""
    from marsad.cluster import cluster_store
    from marsad.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such store")
    store = Store(db)
    try:
        if store.sharded():
            raise click.ClickException(f"{db} reads Parquet shards from {store.shards_dir()}; its shards are clustered as they are written")
        cluster_store(store, full=full)
        with store.turn() as con:
            figures = _store_figures(con)
    finally:
        store.close()
    if figures:
        click.echo(_store_line(figures))


@main.command()
def schema() -> None:
    """Print the store's tables and how they relate."""
    from marsad.store import SCHEMA_SKETCH, SCHEMA_VERSION

    click.echo(f"schema version {SCHEMA_VERSION}\n")
    click.echo(SCHEMA_SKETCH)


def _stage_trees_option(stage: str, note: str = "", cv: bool = False):
    """`--STAGE-trees/--no-STAGE-trees` (off by default), as `train events` (fit the trees) or `eval events --cv` (train
    each fold's model with them; the kept models' key names them) declares it."""
    if cv:
        text = (f"With --cv: train each fold's model with {stage} trees (train events --{stage}-trees); kept in --models "
                "apart from the models trained without.")
    else:
        text = f"Also fit gradient-boosted trees beside the {stage} stage's logit ({note})."
    return click.option(f"--{stage}-trees/--no-{stage}-trees", default=False, show_default=True, help=text)


@main.group("train")
def train_group() -> None:
    """Train marsad's models from data you supply."""


@train_group.command("ner")
@click.option("--train", "train_files", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="CoNLL training file (repeatable).")
@click.option("--dev", "dev_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="CoNLL file scored after training; its sentences are removed from the training data.")
@click.option("--exclude", "exclude_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Held-out CoNLL file whose sentences must not be trained on (e.g. a test split).")
@click.option("--clusters-from", multiple=True, type=click.Path(exists=True),
              help="Unlabelled news (zip/jsonl/txt, or a clusters.json built before) for word-cluster features.")
@click.option("--c1", type=float, default=0.01, show_default=True)
@click.option("--c2", type=float, default=0.01, show_default=True)
@click.option("--iterations", type=int, default=200, show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Model directory.")
def train_ner(train_files, dev_files, exclude_files, clusters_from, c1, c2, iterations, output) -> None:
    """Train the CRF named-entity model (PER, LOC, ORG, MISC)."""
    from marsad.nlp.ner.train import train

    info = train(list(train_files), list(dev_files), output, list(exclude_files),
                 {"c1": c1, "c2": c2, "max_iterations": iterations}, list(clusters_from))
    click.echo(f"trained on {info['train_sentences']} sentences ({info['train_tokens']} tokens) in "
               f"{info['train_seconds']} s; dropped {info['dropped_overlapping_sentences']} held-out sentences")
    if "dev" in info:
        click.echo(info["dev"]["table"])
    click.echo(f"model written to {output}")


@train_group.command("participants")
@click.option("--train", "train_paths", multiple=True, required=True, type=click.Path(exists=True),
              help="Annotated directory: article JSON (doc_id, content, …) and gold JSON (EVENTS.md), any layout.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help=_CORPUS_HELP)
@click.option("--padt", type=click.Path(exists=True, file_okay=False), help=_PADT_HELP)
@click.option("--newsfane", type=click.Path(exists=True), help=_NEWSFANE_HELP)
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None,
              help="The detector's score from which a word is marked (default: the one session 74 chose by "
                   "cross-validation).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file (the shipped one: src/marsad/models/participants/model.json).")
def train_participants(train_paths, corpus, padt, newsfane, threshold, output) -> None:
    """Train the models that find participants named by common nouns the knowledge does not list."""
    from marsad.nlp.unlisted_nouns_training import THRESHOLD, collect_rows, fit

    rows, articles = collect_rows([Path(p) for p in train_paths], Path(corpus) if corpus else None,
                                  Path(padt) if padt else None, Path(newsfane) if newsfane else None)
    try:
        model = fit(rows, THRESHOLD if threshold is None else threshold)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    model.save(Path(output))
    positives = sum(r.kind is not None for r in rows)
    click.echo(f"{articles} articles: {positives} unlisted participants, {len(rows) - positives} other words kept; "
               f"model written to {output}")


@train_group.command("party-states")
@click.option("--train", "train_paths", multiple=True, required=True, type=click.Path(exists=True),
              help="Annotated directory: article JSON (doc_id, content, …) and gold JSON (EVENTS.md), any layout.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help=_CORPUS_HELP)
@click.option("--padt", type=click.Path(exists=True, file_okay=False), help=_PADT_HELP)
@click.option("--newsfane", type=click.Path(exists=True), help=_NEWSFANE_HELP)
@click.option("--margin", type=click.FloatRange(0), default=None,
              help="How far another state must outrank the rules' own to replace it (default: the one session 75 "
                   "chose by cross-validation).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file (the shipped one: src/marsad/models/party_states/model.json).")
def train_party_states(train_paths, corpus, padt, newsfane, margin, output) -> None:
    """Train the model that takes a second look at the state the rules gave each party."""
    from marsad.nlp.party_states_training import MARGIN, collect_choices, fit

    choices, articles = collect_choices([Path(p) for p in train_paths], Path(corpus) if corpus else None,
                                        Path(padt) if padt else None, Path(newsfane) if newsfane else None)
    try:
        model = fit(choices, margin=MARGIN if margin is None else margin)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    model.save(Path(output))
    wrong = sum(c.labels[0] == "0" for c in choices)
    click.echo(f"{articles} articles: {len(choices)} participants, the rules' state wrong for {wrong}; "
               f"model written to {output}")


@train_group.command("events")
@click.option("--train", "train_paths", multiple=True, required=True, type=click.Path(exists=True),
              help="Annotated directory: article JSON (doc_id, content, …) and gold JSON (EVENTS.md), any layout.")
@click.option("--dev", "dev_paths", multiple=True, type=click.Path(exists=True), help="Annotated directory to score the model on.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help=_CORPUS_HELP)
@click.option("--padt", type=click.Path(exists=True, file_okay=False), help=_PADT_HELP)
@click.option("--newsfane", type=click.Path(exists=True), help=_NEWSFANE_HELP)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Model directory.")
@click.option("--gsr", type=click.Path(exists=True, file_okay=False),
              help="arabic_event_gsr (../shared/data/events/arabic_event_gsr): its judged ASSAULT/PROTEST sentences as "
                   "extra trigger-stage rows.")
@click.option("--trigger-network/--no-trigger-network", default=False, show_default=True,
              help="Also fit a network averaged with the trigger stage's regression (an experiment: MODEL_CARD.md, session 39).")
@click.option("--plausibility-network/--no-plausibility-network", default=False, show_default=True,
              help="Also fit a network averaged with the plausibility stage's regression (an experiment: MODEL_CARD.md, "
                   "session 40).")
@click.option("--plausibility-trees/--no-plausibility-trees", default=True, show_default=True,
              help="Fit gradient-boosted trees averaged with the plausibility stage's regression (the shipped model's "
                   "recipe since session 41: MODEL_CARD.md).")
@_stage_trees_option("dyad", "on the final model only; an experiment: MODEL_CARD.md, session 42")
@_stage_trees_option("place", "an experiment: MODEL_CARD.md, session 43")
@click.option("--add-network-to", type=click.Path(exists=True, file_okay=False),
              help="Train nothing else: load the model in this directory, trained without a trigger network on the same "
                   "--train directories and --gsr, fit its trigger network, and write the whole model to --output.")
@click.option("--refit-places-of", type=click.Path(exists=True, file_okay=False),
              help="Train nothing else: load the model in this directory, trained on the same --train directories, "
                   "fit its place stage again (after the knowledge base's places changed), and write the whole model to "
                   "--output. With --place-trees, the stage's trees too.")
@click.option("--refit-dyads-of", type=click.Path(exists=True, file_okay=False),
              help="Train nothing else: load the model in this directory, trained on the same --train directories, "
                   "fit its dyad stage again (after the stage's features changed), and write the whole model to "
                   "--output.")
def train_events(train_paths, dev_paths, corpus, padt, newsfane, output, gsr, trigger_network, plausibility_network,
                 plausibility_trees, dyad_trees, place_trees, add_network_to, refit_places_of, refit_dyads_of) -> None:
    """Train the learned event coder (relevance, trigger type, arguments) from annotated articles."""
    from marsad.evaluate import format_report, score
    from marsad.events.learned.crossval import predict
    from marsad.events.learned.model import EventModel, add_trigger_network, refit_dyads, refit_places, train

    context = click.get_current_context()
    trees_asked = any(context.get_parameter_source(name) == ParameterSource.COMMANDLINE and value
                      for name, value in (("plausibility_trees", plausibility_trees), ("dyad_trees", dyad_trees),
                                          ("place_trees", place_trees)))
    if add_network_to and (plausibility_network or trees_asked):
        raise click.UsageError("--add-network-to adds a trigger network only; train anew for --plausibility-network, "
                               "--plausibility-trees, --dyad-trees or --place-trees")
    if refit_dyads_of:
        if add_network_to or refit_places_of or trigger_network or plausibility_network or trees_asked:
            raise click.UsageError("--refit-dyads-of refits the dyad stage only")
        model = EventModel.load(Path(refit_dyads_of))
        if model.dyad_trees is not None:
            raise click.UsageError(f"{refit_dyads_of}: a model with dyad trees is refitted by training it again")
        model = refit_dyads(model, _analysed_one_at_a_time(_annotated(train_paths, corpus, padt, newsfane, analysed=False)))
        model.info["dyads_refitted"]["on"] = [str(p) for p in train_paths]
        model.save(Path(output))
        click.echo(f"dyad stage refitted on {model.info['dyads_refitted']['articles']} articles "
                   f"({model.info['dyads_refitted']['dyad_events']} gold events); model written to {output}")
        return
    if refit_places_of:
        if add_network_to or trigger_network or plausibility_network or (trees_asked and not place_trees) or dyad_trees:
            raise click.UsageError("--refit-places-of refits the place stage only (with --place-trees, its trees)")
        model = refit_places(EventModel.load(Path(refit_places_of)), _analysed_one_at_a_time(
            _annotated(train_paths, corpus, padt, newsfane, analysed=False)), place_trees=place_trees)
        model.info["places_refitted"]["on"] = [str(p) for p in train_paths]
        model.save(Path(output))
        click.echo(f"place stage refitted on {model.info['places_refitted']['articles']} articles "
                   f"({model.info['place_events']} gold events); model written to {output}")
        return
    items = _annotated(train_paths, corpus, padt, newsfane)
    if add_network_to:
        model = add_trigger_network(EventModel.load(Path(add_network_to)), items, gsr=_gsr(gsr))
    else:
        model = train(items, gsr=_gsr(gsr), trigger_network=trigger_network, plausibility_network=plausibility_network,
                      plausibility_trees=plausibility_trees, dyad_trees=dyad_trees, place_trees=place_trees)
        model.info["trained_on"] = [str(p) for p in train_paths] + ([str(gsr)] if gsr else [])
    model.save(Path(output))
    click.echo(f"trained on {len(items)} articles: {model.info}")
    if dev_paths:
        dev = _annotated(dev_paths, corpus, padt, newsfane)
        click.echo(format_report(score(predict(model, dev), {it.doc_id: it.gold for it in dev})))
    click.echo(f"model written to {output}")


@main.group("knowledge")
def knowledge_group() -> None:
    """marsad's knowledge files (states, institutions, groups, titles, people, places, triggers)."""


@knowledge_group.command("check")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False),
              help="A knowledge data directory to check (default: the installed one).")
def knowledge_check(data_dir) -> None:
    """Validate the knowledge files: ids, ISO codes, sectors, dates, duplicates and conflicting aliases."""
    from marsad.knowledge.check import check_knowledge

    report = check_knowledge(Path(data_dir)) if data_dir else check_knowledge()
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    for name, n in report.counts.items():
        click.echo(f"{name}: {n}")
    if not report.ok:
        raise click.ClickException(f"{len(report.problems)} problems in the knowledge files")
    click.echo("knowledge files ok")


@main.group("eval")
def eval_group() -> None:
    """Score predictions against gold files."""


@eval_group.command("ner")
@click.option("--gold", "gold_files", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False), help="Default: the shipped model.")
def eval_ner(gold_files, model_dir) -> None:
    """CoNLL exact-span P/R/F1 of the NER model, overall and per type."""
    from marsad.nlp.ner.model import DEFAULT_MODEL_DIR, NerModel
    from marsad.nlp.ner.train import evaluate, load_sentences

    try:
        model = NerModel.load(model_dir or DEFAULT_MODEL_DIR)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(evaluate(model, load_sentences(list(gold_files))).table())


@eval_group.command("events")
@click.option("--gold", "gold_paths", required=True, multiple=True, type=click.Path(exists=True),
              help="Gold file or directory (EVENTS.md format); with --cv, annotated directories (articles and gold).")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), help="Predicted events (JSON Lines).")
@click.option("--cv", "folds", type=click.IntRange(2), help="K-fold cross-validation of the learned coder over --gold.")
@click.option("--coder", type=click.Choice(["learned", "hybrid", "rules"]), default="learned", show_default=True,
              help="With --cv: the coder to measure (the rule coder is not trained: its folds only split the score).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help=_CORPUS_HELP)
@click.option("--padt", type=click.Path(exists=True, file_okay=False), help=_PADT_HELP)
@click.option("--newsfane", type=click.Path(exists=True), help=_NEWSFANE_HELP)
@click.option("--seed", type=int, default=1, show_default=True, help="With --cv: how articles are shuffled into folds.")
@click.option("--gsr", type=click.Path(exists=True, file_okay=False),
              help="arabic_event_gsr (../shared/data/events/arabic_event_gsr): its judged ASSAULT/PROTEST sentences as "
                   "extra trigger-stage rows of every fold's model.")
@click.option("--models", "models_dir", type=click.Path(file_okay=False),
              help="With --cv: keep each fold's model here and load it when the same fold is asked for again (a killed "
                   "run resumes; new coding code is measured on the same fold models). Use a new directory after a change "
                   "to training.")
@click.option("--trigger-network", is_flag=True,
              help="With --cv: give each fold's model a trigger network fitted on its training articles (about 6 min a fold "
                   "on 7,000 articles; not kept in --models, whose models stay as trained).")
@click.option("--plausibility-network", is_flag=True,
              help="With --cv: train each fold's model with a plausibility network (train events --plausibility-network); "
                   "kept in --models apart from the models trained without.")
@click.option("--plausibility-trees/--no-plausibility-trees", default=True, show_default=True,
              help="With --cv: train each fold's model with plausibility trees (as train events does by default); kept in "
                   "--models apart from the models trained without.")
@_stage_trees_option("dyad", cv=True)
@_stage_trees_option("place", cv=True)
@click.option("--fold", "only_fold", type=click.IntRange(0),
              help="With --cv and --models: train (or find) fold I's model only, and stop. Folds train side by side in "
                   "separate processes (about 10 GB each on 8,000 articles); a run without --fold then scores them all.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_events(gold_paths, pred, folds, coder, corpus, padt, newsfane, seed, gsr, models_dir, trigger_network: bool,
                plausibility_network: bool, plausibility_trees: bool, dyad_trees: bool, place_trees: bool,
                only_fold: int | None, as_json: bool) -> None:
    """P/R/F1 overall and per type, each stage (relevance, type in sentence, actor, recipient, direction),
    location and date accuracy (EVENTS.md scoring). --cv K trains and scores K times, never on a test article."""
    from marsad.evaluate import format_report, load_gold, load_predictions, score

    if only_fold is not None and not (folds and models_dir):
        raise click.UsageError("--fold trains one fold's model to keep: give --cv K and --models DIR")
    if only_fold is not None and only_fold >= folds:
        raise click.UsageError(f"--fold {only_fold}: the folds of --cv {folds} are 0 … {folds - 1}")
    if folds:
        _cross_validate(gold_paths, folds, coder, corpus, seed, as_json, gsr, padt, newsfane, models_dir, trigger_network,
                        plausibility_network, plausibility_trees, dyad_trees, place_trees, only_fold)
        return
    if not pred:
        raise click.UsageError("give --pred (events to score) or --cv K (cross-validate the learned coder)")
    if gsr:
        raise click.UsageError("--gsr adds training rows: it only applies with --cv K (scoring --pred trains nothing)")
    gold: dict = {}
    for g in gold_paths:
        more = load_gold(Path(g))
        if clash := sorted(set(gold) & set(more)):
            raise click.ClickException(f"{g}: {clash[0]} (and {len(clash) - 1} more) is already annotated in another --gold set")
        gold.update(more)
    try:
        report = score(load_predictions(Path(pred)), gold)
    except (json.JSONDecodeError, KeyError) as exc:
        raise click.ClickException(f"{pred}: not a JSON Lines file of event records ({exc})") from exc
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


@eval_group.command("actors")
@click.option("--gold", "gold_paths", required=True, multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Annotated directories (articles and gold, EVENTS.md format).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help=_CORPUS_HELP)
@click.option("--padt", type=click.Path(exists=True, file_okay=False), help=_PADT_HELP)
@click.option("--newsfane", type=click.Path(exists=True), help=_NEWSFANE_HELP)
@click.option("--errors", type=int, default=0, show_default=True, help="Also list the commonest confusions and N errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_actors(gold_paths, corpus, padt, newsfane, errors: int, as_json: bool) -> None:
    """Resolve every gold actor and recipient in its sentence: state-or-group and sector accuracy."""
    from marsad.evaluate_actors import evaluate_actors, format_actor_report

    report = evaluate_actors(_annotated(gold_paths, corpus, padt, newsfane))
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_actor_report(report, errors))


@eval_group.command("clusters")
@click.option("--db", default="marsad.duckdb", show_default=True, help="The store whose clusters to score.")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold story ids (TSV: story_id, doc_id, type, sentence_start, sentence_end, …).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_clusters(db: str, gold_path: str, as_json: bool) -> None:
    """B-cubed precision, recall and F1 of the store's clusters against gold stories, and how the largest
    stories are split."""
    from marsad.evaluate_clusters import evaluate_clusters, format_cluster_report

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such store")
    try:
        report = evaluate_clusters(db, Path(gold_path))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if as_json else format_cluster_report(report))


def _annotated(paths, corpus, padt=None, newsfane=None, analysed: bool = True):
    """The annotated articles under `paths`, analysed by the pipeline (or not yet: `analysed=False`)."""
    from marsad.events.learned.annotated import analyse, load_annotated

    try:
        items = load_annotated([Path(p) for p in paths], Path(corpus) if corpus else None, Path(padt) if padt else None,
                               Path(newsfane) if newsfane else None)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not items:
        raise click.ClickException("no annotated articles (article JSON with content beside gold JSON) under " + ", ".join(paths))
    return [analyse(it) for it in items] if analysed else items


def _analysed_one_at_a_time(items):
    """Each annotated article analysed as it is asked for, its doc dropped when the next one is: memory for one."""
    from marsad.events.learned.annotated import analyse

    for item in items:
        item = analyse(item)
        yield item
        item.doc = None


def _gsr(directory):
    """The analysed arabic_event_gsr sentences, or None."""
    if not directory:
        return None
    from marsad.events.learned.gsr import analyse_gsr, load_gsr

    return analyse_gsr(load_gsr(Path(directory)))


def _cross_validate(paths, folds: int, coder: str, corpus, seed: int, as_json: bool, gsr=None, padt=None, newsfane=None,
                    models_dir=None, trigger_network: bool = False, plausibility_network: bool = False,
                    plausibility_trees: bool = True, dyad_trees: bool = False, place_trees: bool = False,
                    only_fold: int | None = None) -> None:
    from marsad.evaluate import format_report
    from marsad.events.learned.annotated import analyse
    from marsad.events.learned.crossval import (
        HybridCoder,
        RuleCoder,
        analysed,
        by_source,
        cross_validate,
        folds_of,
        kept_models,
        mean_sd,
    )
    from marsad.events.learned.model import add_trigger_network, train

    # with kept fold models, articles are analysed only when a model must be trained or while one is coded: a
    # cross-validation over 10,000 articles then holds one document at a time, not all of them (about 6 GB)
    lazy = bool(models_dir)
    items = _annotated(paths, corpus, padt, newsfane, analysed=not lazy)
    extra = _gsr(gsr)

    def learn_base(train_items):
        with analysed(train_items):
            return train(train_items, gsr=extra, plausibility_network=plausibility_network,
                         plausibility_trees=plausibility_trees, dyad_trees=dyad_trees, place_trees=place_trees)

    if models_dir:
        # the recipe names what else the training reads or fits (the default recipe keeps earlier models' keys)
        recipe = (f"gsr={gsr or ''}" + ("\nplausibility_network" if plausibility_network else "")
                  + ("\nplausibility_trees" if plausibility_trees else "") + ("\ndyad_trees" if dyad_trees else "")
                  + ("\nplace_trees" if place_trees else ""))
        learn_base = kept_models(learn_base, Path(models_dir), recipe=recipe)

    if only_fold is not None:
        train_items = folds_of(items, folds, seed, only_fold)[0]
        learn_base(train_items)
        click.echo(f"fold {only_fold} of {folds}: its model ({len(train_items)} training articles) kept in {models_dir}")
        return

    def learn(train_items):
        # the network is fitted on the fold's own training rows, beside the model as trained (session 39's measure)
        model = learn_base(train_items)
        if not trigger_network:
            return model
        with analysed(train_items):
            return add_trigger_network(model, train_items, gsr=extra)
    trainers = {"rules": lambda _items: RuleCoder(), "learned": learn, "hybrid": lambda items: HybridCoder(learn(items))}
    trainer = trainers[coder]
    report, per_fold, pooled = cross_validate(items, folds, seed, trainer, analyse_item=analyse if lazy else None)
    sources = by_source(pooled, items)
    if as_json:
        click.echo(json.dumps({"folds": folds, "articles": len(items), "per_fold_f1": per_fold, **report.to_dict(),
                               "by_source": {name: r.to_dict() for name, r in sources.items()}}, indent=2))
        return
    click.echo(f"{coder} coder, {folds}-fold cross-validation over {len(items)} articles: F1 per fold {mean_sd(per_fold)}")
    click.echo(format_report(report))
    if len(sources) > 1:
        articles = Counter(it.source for it in items)
        click.echo("by source (pooled held-out predictions):")
        for name, r in sources.items():
            p, rc, f = r.overall.prf()
            click.echo(f"  {name:10s} {articles[name]:5d} articles  P {p:.3f}  R {rc:.3f}  F1 {f:.3f}")


def _register_web_commands() -> None:
    from marsad.cli_web import digest, serve, user_group

    main.add_command(serve)
    main.add_command(user_group)
    main.add_command(digest)


_register_web_commands()

if __name__ == "__main__":  # pragma: no cover
    main()

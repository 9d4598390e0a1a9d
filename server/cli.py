"""`talktrack`: serve, analyze, eval, train, data and database commands."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class CLIError(Exception):
    pass


def _settings():
    from server.config import get_settings

    return get_settings()


def _pipeline(encoder: str | None = None, heads: tuple[str, ...] | None = None):
    from nlp.heads import BUILTIN_HEADS
    from nlp.pipeline import Pipeline

    s = _settings()
    with err.status("loading models…"):
        return Pipeline.load(encoder or s.encoder, s.models_dir, s.encoder_threads,
                             BUILTIN_HEADS if heads is None else heads)


def _read_text(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise CLIError(f"no such file: {source}")
        data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CLIError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=False)


def _jsonl_rows(path: str):
    """(line number, parsed object or an error string) for each non-blank line."""
    p = Path(path)
    if not p.is_file():
        raise CLIError(f"no such file: {path}")
    with open(p, "rb") as fh:
        lines = fh.read().split(b"\n")
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            yield n, json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield n, f"line {n}: not UTF-8"
        except json.JSONDecodeError as exc:
            yield n, f"line {n}: not valid JSON ({exc.msg})"


# --- commands --------------------------------------------------------------------------
def cmd_serve(args) -> int:
    from nlp.blas import stop_idle_spinning

    stop_idle_spinning()  # before anything below imports numpy
    import uvicorn

    from server.main import create_app

    s = _settings()
    uvicorn.run(create_app(s), host=args.host or s.host, port=args.port or s.port, log_level="info")
    return 0


def cmd_migrate(args) -> int:
    from server.db import migrate

    url = _settings().database_url
    migrate(url)
    err.print(f"database at {url} is up to date")
    return 0


def cmd_analyze(args) -> int:
    limit = _settings().max_text_chars
    if args.jsonl:
        return _analyze_jsonl(args, limit)
    text = _read_text(args.source or "-")
    if not text.strip():
        raise CLIError("the text is empty; give a file or pipe a transcript or notes")
    if len(text) > limit:
        raise CLIError(f"the text has {len(text):,} characters; the limit is {limit:,}")
    result = _pipeline().analyze(text, args.lang).to_dict()
    out.print_json(json.dumps(result, ensure_ascii=False)) if sys.stdout.isatty() else print(
        json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _analyze_jsonl(args, limit: int) -> int:
    rows = list(_jsonl_rows(args.jsonl))
    pipeline = _pipeline()
    sink = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    ok, bad = 0, []
    try:
        with _progress() as bar:
            task = bar.add_task("analysing", total=len(rows))
            for n, row in rows:
                problem = row if isinstance(row, str) else None
                if problem is None and (not isinstance(row, dict) or not isinstance(row.get("text"), str)):
                    problem = f'line {n}: expected an object with a string "text"'
                elif problem is None and not row["text"].strip():
                    problem = f"line {n}: empty text"
                elif problem is None and len(row["text"]) > limit:
                    problem = f"line {n}: text longer than {limit:,} characters"
                elif problem is None and row.get("lang", "auto") not in ("auto", "en", "zh"):
                    problem = f"line {n}: unknown lang {row.get('lang')!r} (auto, en or zh)"
                if problem:
                    bad.append(problem)
                    err.print(f"[yellow]skipped[/] {problem}")
                else:
                    result = pipeline.analyze(row["text"], row.get("lang", args.lang)).to_dict()
                    record = {k: v for k, v in row.items() if k != "text"} | {"text": row["text"], "analysis": result}
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                    ok += 1
                bar.advance(task)
    finally:
        if args.out:
            sink.close()
    err.print(f"analysed {ok} line(s), skipped {len(bad)}" + (f"; results in {args.out}" if args.out else ""))
    return 0 if ok or not rows else 1


def cmd_eval(args) -> int:
    from nlp.eval import evaluate

    rows = list(_jsonl_rows(args.file))
    pipeline = _pipeline()
    parse_errors = [r for _, r in rows if isinstance(r, str)]
    good = [(n, r) for n, r in rows if not isinstance(r, str)]
    with _progress() as bar:
        task = bar.add_task("evaluating", total=len(good))
        result = evaluate(good, pipeline.analyze, lambda: bar.advance(task))
    skipped = parse_errors + result.skipped
    for problem in skipped:
        err.print(f"[yellow]skipped[/] {problem}")
    if not result.reports:
        raise CLIError(f"{args.file}: no usable labelled lines (each needs \"text\" and any of style, emotion, objection)")
    if args.json:
        print(json.dumps({t: r.to_dict() for t, r in result.reports.items()}, ensure_ascii=False, indent=2))
    else:
        for t, r in result.reports.items():
            _print_report(t, r)
    return 0


def _print_report(task: str, r) -> None:
    summary = Table(title=f"{task}: {r.n} examples", show_header=True)
    for col in ("accuracy" if task != "objection" else "exact match", "macro-F1", "micro-F1"):
        summary.add_column(col, justify="right")
    summary.add_row(f"{r.accuracy:.3f}", f"{r.macro_f1:.3f}", f"{r.micro_f1:.3f}")
    out.print(summary)
    per = Table(title=f"{task}: per class")
    for col in ("label", "precision", "recall", "F1", "support"):
        per.add_column(col, justify="right" if col != "label" else "left")
    for label, m in r.per_class.items():
        per.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(per)
    if r.confusion:
        conf = Table(title=f"{task}: confusion (rows gold, columns predicted)")
        conf.add_column("gold \\ pred")
        for label in r.labels:
            conf.add_column(label[:6], justify="right")
        for label, row in zip(r.labels, r.confusion):
            conf.add_row(label, *[str(v) for v in row])
        out.print(conf)


def cmd_train(args) -> int:
    from nlp import train
    from nlp.pipeline import MODELS_DIR

    tasks = ["style", "emotion", "objection", "skills"] if args.task == "all" else [args.task]
    # Training needs the encoder, not trained heads (skills use the objection head as a signal).
    pipeline = _pipeline(args.encoder, heads=("objection",) if tasks == ["skills"] else ())
    out_dir = Path(args.out) if args.out else MODELS_DIR
    for task in tasks:
        if task == "skills":
            if "objection" not in pipeline.heads:
                pipeline = _pipeline(args.encoder, heads=("objection",))
            err.print(f"[bold]training skills[/] on {pipeline.encoder.name}")
            train.train_skills(pipeline, out_dir, progress=err.print)
            continue
        err.print(f"[bold]training {task}[/] on {pipeline.encoder.name}")
        report = train.train(task, pipeline, out_dir, progress=err.print)
        for name, m in report["card"]["metrics"].items():
            err.print(f"  {name}: n={m['n']} accuracy={m['accuracy']:.3f} macro-F1={m['macro_f1']:.3f} micro-F1={m['micro_f1']:.3f}")
    return 0


def cmd_data_split(args) -> int:
    from nlp import datasets as ds

    path = ds.split_path(args.task)
    if path.exists() and not args.force:
        raise CLIError(f"{path} exists; splits are made once (use --force only before anything was measured on them)")
    splits = ds.make_splits(ds.load_corpus(args.task))
    path.write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    err.print(f"{path}: " + ", ".join(f"{k} {len(v)}" for k, v in splits.items()))
    return 0


def cmd_kb_lint(args) -> int:
    from knowledge.loader import CONTENT_DIR, load

    dirs = [Path(d) for d in args.dirs] if args.dirs else [CONTENT_DIR, *_settings().knowledge_dirs]
    result = load(dirs)
    for problem in result.problems:
        print(problem)
    if result.problems:
        err.print(f"[red]{len(result.problems)} problem(s)[/] in {', '.join(map(str, dirs))}")
        return 1
    err.print(f"{len(result.entries)} entries and {len(result.scenarios)} role-play scenarios, no problems")
    return 0


def _coach_for_eval():
    from knowledge.coach import Coach, respond
    from knowledge.kb import KnowledgeBase

    pipeline = _pipeline()
    kb = KnowledgeBase(_settings().knowledge_dirs, embed=pipeline.encoder.encode)
    coach = Coach(kb)

    def recommend(case):
        reply = respond(coach, text=case.text, lang="auto", known=None, given={},
                        analyze=lambda t: pipeline.analyze(t).to_dict(), read=pipeline.analyze)
        return [r.to_dict() for r in reply.recommendations], reply.language

    return kb, recommend


def cmd_kb_eval(args) -> int:
    from knowledge.evaluate import evaluate, load_queries

    _, recommend = _coach_for_eval()
    report = evaluate(load_queries(None if args.split == "all" else args.split), recommend)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        out.print(f"{args.split}: n={report.n}  Recall@3={report.recall_at_3:.3f}  MRR={report.mrr:.3f}  "
                  f"in the request's language={report.language_ok:.3f}")
        for m in report.misses:
            out.print(f"  miss {m['id']}: {m['text']!r} expected {m['expected']} got {m['got']}")
    return 0


def cmd_kb_tune(args) -> int:
    """Grid-search the ranking weights on the tuning split only."""
    import itertools

    from knowledge import retrieve
    from knowledge.evaluate import evaluate, load_queries

    kb, recommend = _coach_for_eval()
    cases = load_queries("tune")
    if args.dimensions:
        return _tune_dimensions(cases, recommend)
    results = []
    for tags, bm25, emb in itertools.product((1.0,), (0.0, 0.2, 0.35, 0.6), (0.0, 0.3, 0.6, 1.0)):
        kb.retriever.weights = {**retrieve.WEIGHTS, "tags": tags, "bm25": bm25, "embedding": emb}
        r = evaluate(cases, recommend)
        results.append((_tuning_score(r), tags, bm25, emb, r))
        err.print(f"tags={tags} bm25={bm25} embedding={emb}: Recall@3={r.recall_at_3:.3f} MRR={r.mrr:.3f}")
    best = max(results, key=lambda x: x[0])
    out.print(f"best on the tuning split: tags={best[1]} bm25={best[2]} embedding={best[3]} "
              f"(Recall@3={best[4].recall_at_3:.3f}, MRR={best[4].mrr:.3f}); current WEIGHTS={retrieve.WEIGHTS}")
    return 0


def _tuning_score(report) -> float:
    """What both ranking searches maximise on the tuning split."""
    return report.recall_at_3 + report.mrr


# A step must win about three tuning queries (Recall@3 + MRR) to be taken, so noise does not steer the search.
TUNE_MIN_GAIN = 0.003


def _tune_dimensions(cases, recommend) -> int:
    """Coordinate ascent over how much each tag dimension counts, starting from the shipped values:
    each in turn is scaled by 0.7 or 1.4 and kept when the tuning split gains; two rounds."""
    from knowledge import retrieve
    from knowledge.evaluate import evaluate

    best = evaluate(cases, recommend)
    err.print(f"shipped: Recall@3={best.recall_at_3:.4f} MRR={best.mrr:.4f}")
    for _ in range(2):
        for dim in list(retrieve.DIMENSION_WEIGHT):
            current = retrieve.DIMENSION_WEIGHT[dim]
            for factor in (0.7, 1.4):
                retrieve.DIMENSION_WEIGHT[dim] = round(current * factor, 3)
                trial = evaluate(cases, recommend)
                if _tuning_score(trial) > _tuning_score(best) + TUNE_MIN_GAIN:
                    best = trial
                    err.print(f"{dim}={retrieve.DIMENSION_WEIGHT[dim]}: Recall@3={trial.recall_at_3:.4f} MRR={trial.mrr:.4f}")
                    break
                retrieve.DIMENSION_WEIGHT[dim] = current
    out.print(f"best on the tuning split: DIMENSION_WEIGHT={retrieve.DIMENSION_WEIGHT} "
              f"(Recall@3={best.recall_at_3:.4f}, MRR={best.mrr:.4f})")
    return 0


def cmd_kb_split(args) -> int:
    from knowledge.evaluate import SPLITS, load_queries, make_splits

    keep = json.loads(SPLITS.read_text()) if SPLITS.exists() and not args.force else None
    splits = make_splits(load_queries(), keep=keep)
    added = len(splits["tune"]) + len(splits["test"]) - (len(keep["tune"]) + len(keep["test"]) if keep else 0)
    SPLITS.write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    err.print(f"{SPLITS}: tune {len(splits['tune'])}, test {len(splits['test'])} ({added} newly placed"
              f"{'' if keep is None else '; earlier queries kept where they were'})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="talktrack", description="TalkTrack: communication coaching for sales and service teams.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the web service")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("migrate", help="create or upgrade the database schema")
    s.set_defaults(func=cmd_migrate)

    s = sub.add_parser("analyze", help="analyse a transcript or notes and print the JSON")
    s.add_argument("source", nargs="?", help="a text file, or - for standard input (default)")
    s.add_argument("--lang", choices=["auto", "en", "zh"], default="auto")
    s.add_argument("--jsonl", metavar="IN.jsonl", help='analyse every {"text": ...} line of a file')
    s.add_argument("--out", metavar="OUT.jsonl", help="with --jsonl: write results here instead of standard output")
    s.set_defaults(func=cmd_analyze)

    s = sub.add_parser("eval", help="measure the models on labelled lines (style, emotion, objection)")
    s.add_argument("file", metavar="LABELED.jsonl")
    s.add_argument("--json", action="store_true", help="print the metrics as JSON")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("train", help="train a classifier head from the repo's data")
    s.add_argument("task", choices=["style", "emotion", "objection", "skills", "all"])
    s.add_argument("--encoder", help="encoder to train for (default: the configured one)")
    s.add_argument("--out", help="models folder (default: nlp/models)")
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("kb", help="the knowledge base")
    ksub = s.add_subparsers(dest="kb_command", required=True)
    k = ksub.add_parser("lint", help="check every entry: schema, ids, languages, template variables, tags")
    k.add_argument("dirs", nargs="*", help="content folders (default: ours plus TALKTRACK_KNOWLEDGE_DIRS)")
    k.set_defaults(func=cmd_kb_lint)
    k = ksub.add_parser("eval", help="Recall@3 and MRR of recommendations on the labelled query set")
    k.add_argument("--split", choices=["tune", "test", "all"], default="test")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_kb_eval)
    k = ksub.add_parser("tune", help="choose the ranking weights on the query set's tuning split")
    k.add_argument("--dimensions", action="store_true",
                   help="tune how much each tag dimension counts (from the shipped values) instead of the three signals' weights")
    k.set_defaults(func=cmd_kb_tune)
    k = ksub.add_parser("split", help="place new queries into the tuning or test part (earlier ones stay put; --force reshuffles all)")
    k.add_argument("--force", action="store_true")
    k.set_defaults(func=cmd_kb_split)

    s = sub.add_parser("data", help="manage the labelled corpora")
    dsub = s.add_subparsers(dest="data_command", required=True)
    d = dsub.add_parser("split", help="make the train/dev/test split of a corpus, once")
    d.add_argument("task", choices=["style", "emotion", "social", "objection", "skills"])
    d.add_argument("--force", action="store_true")
    d.set_defaults(func=cmd_data_split)
    return p


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CLIError as exc:
        err.print(f"[red]error:[/] {exc}")
        return 2
    except Exception as exc:  # a known failure type with a clear message, e.g. a missing model
        from nlp.datasets import DataError
        from nlp.encoders import EncoderError
        from nlp.heads.base import ModelCardError

        if isinstance(exc, (DataError, EncoderError, ModelCardError)):
            err.print(f"[red]error:[/] {exc}")
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())

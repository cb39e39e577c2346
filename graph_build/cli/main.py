"""The ``plankg`` command: a thin layer over ``graph_build.pipeline.api``.

Each command parses its options, calls one API function and prints. Heavy
libraries are imported inside the commands, so ``plankg --help`` is quick.
Exit codes: 0 valid, 1 not valid, 2 unusable input (see README).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, _Progress, base_option, plan_dirs, reference_option
from graph_build.rdf.formats import build_names

FORMAT_CHOICES = build_names()


def _exit_on_sigterm(signum, frame):  # noqa: ARG001
    # SystemExit unwinds the stack, so half-written temporary files are removed.
    sys.exit(128 + signum)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg", message="plankg %(version)s")
def main():
    """plankg: Vietnamese provincial master plans as an RDF knowledge graph.

    Build the bundled plans into Turtle, N-Triples, JSON-LD and TriG with
    `plankg build --out out/`; check plan files with `plankg validate`.
    """
    import signal

    signal.signal(signal.SIGTERM, _exit_on_sigterm)


@main.command()
@plan_dirs
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the graph files.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMAT_CHOICES),
    multiple=True,
    help="Formats to write (repeatable). Default: all of them.",
)
@click.option("--with-ontology", is_flag=True, help="Include the ontology and vocabularies in the output.")
@base_option
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation (faster; other checks still run).")
@click.option(
    "--shacl",
    "shacl_mode",
    type=click.Choice(("cached", "always", "never")),
    default="cached",
    show_default=True,
    help="cached: validate only plans whose inputs changed since the findings "
    "kept in --cache-dir; always: validate every plan; never: as --no-shacl.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where SHACL findings are kept per plan (default: $XDG_CACHE_HOME/plankg/shacl, "
    "else ~/.cache/plankg/shacl; never inside OUT, which stays untouched when a plan is not valid).",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also write a persistent Oxigraph store here (replaced whole), which `plankg query`, "
    "`sparql`, `serve` and `view` open with --store PATH instead of rebuilding.",
)
@click.option(
    "--site",
    "with_site",
    is_flag=True,
    help="Also write the static plan portal to OUT/site/ (as `plankg site`); OUT/index.html then opens with it.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@reference_option
@_friendly_errors
def build(with_site, **options):
    """Build plan folders (default: the bundled plans) into graph files.

    Nothing is written when a plan is not valid; every file appears whole or
    not at all, and the files of OUT switch as one set. One build writes OUT
    (and the store) at a time: a second is refused at once, exit 2.
    """
    import contextlib

    from graph_build.core.atomic import folder_lock

    out_dir, store_path, quiet = options["out_dir"], options["store_path"], options["quiet"]
    with contextlib.ExitStack() as locks:
        # held from before the work to the last file, so OUT and the store come from the same build
        locks.enter_context(folder_lock(out_dir))
        if with_site:
            from graph_build.site.write import check_replaceable as check_site_replaceable

            check_site_replaceable(out_dir / "site")  # before the work, not after the graph files
        if store_path is not None:
            from graph_build.stores.persistent import check_replaceable, restore_displaced_store, store_lock

            locks.enter_context(store_lock(store_path))
            restore_displaced_store(store_path)  # even if this build writes nothing, a store is at the path
            check_replaceable(store_path)  # before the work: a wrong --store is refused at once
        result = _build_and_write(**options)
        if with_site:
            from graph_build.site.write import write_site
            from graph_build.views.generate import resolve_date, write_index

            site = write_site(result.graph(), out_dir / "site")
            write_index(out_dir, "vi", resolve_date())
            if not quiet:
                click.echo(f"{out_dir / 'site' / 'index.html'} ({site.pages} pages)")


def _build_and_write(
    plan_dirs,
    out_dir,
    formats,
    with_ontology,
    base,
    no_shacl,
    shacl_mode,
    cache_dir,
    store_path,
    quiet,
    reference_dirs=(),
):
    from graph_build.pipeline import api

    progress = _Progress(quiet)
    progress(f"loading {len(plan_dirs) or 'the bundled'} plan folder(s) and the reference data")
    shacl = not no_shacl and shacl_mode != "never"
    cache = (cache_dir or _default_cache_dir()) if shacl_mode == "cached" else None
    result = api.build(
        list(plan_dirs) or None,
        base=base,
        shacl=shacl,
        shacl_cache=cache,
        progress=progress,
        reference=reference_dirs,
    )
    progress(
        f"built and validated (SHACL ran on {len(result.shacl_validated)} of {len(result.datasets)} "
        f"datasets, the others unchanged)"
        if result.shacl_checked
        else "built (SHACL skipped)"
    )
    _print_problems(result)
    if not result.ok:
        click.echo(f"not valid: {len(result.errors)} error(s); nothing written", err=True)
        sys.exit(result.exit_code)
    written = api.write(result, out_dir, formats or FORMAT_CHOICES, with_ontology=with_ontology)
    progress(f"wrote {len(written)} file(s) to {out_dir}")
    if store_path is not None:
        from graph_build.core import resources
        from graph_build.stores import write_store

        write_store(
            result,
            store_path,
            inputs=[
                *resources.reference_files(),
                *resources.extra_reference_files(reference_dirs),
                *(plan_dirs or resources.bundled_plans()),
            ],
        )
        progress(f"wrote the store {store_path}")
    if not quiet:
        _print_summary(result.summary(), written)
    return result


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@base_option
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@reference_option
@_friendly_errors
def validate(paths, base, quiet, reference_dirs):
    """Check plan folders (default: the bundled plans) without writing anything.

    Checks the file structure (with file, line and field), that every
    reference resolves, SHACL shapes, that every quote occurs in its source,
    and stated counts against the members named.
    """
    from graph_build.pipeline import api

    result = api.validate(list(paths) or None, base=base, reference=reference_dirs)
    _print_problems(result)
    if not quiet:
        _print_counts(result.summary())
        status = "valid" if result.ok else "not valid"
        click.echo(f"{status}: {len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    sys.exit(result.exit_code)


def _default_cache_dir() -> Path:
    import os

    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "plankg" / "shacl"


def _print_problems(result) -> None:
    for problem in result.problems:
        click.echo(str(problem), err=True)


def _print_summary(summary: dict, written: list[Path]) -> None:
    click.echo(f"plans: {', '.join(summary['plans'])}")
    click.echo(f"triples: {summary['triples']}")
    click.echo("entities per class:")
    for cls, n in summary["entities_per_class"].items():
        click.echo(f"  {cls:<28} {n:>5}")
    _print_counts(summary)
    att = summary["attestations"]
    click.echo(
        f"sources: {att['quote_checked']} quotes checked in kept documents, "
        f"{att['not_quote_checked']} web facts not quote-checked"
    )
    click.echo("files:")
    for path in written:
        click.echo(f"  {path}")


def _print_counts(summary: dict) -> None:
    if not summary["counts"]:
        return
    click.echo("completeness (stated vs named):")
    for c in summary["counts"]:
        click.echo(f"  {c['plan']}/{c['owner']}: {c['of']} {c['named']}/{c['stated']} {c['status']}")


from graph_build.cli.link import link, new_plan  # noqa: E402

main.add_command(link)
main.add_command(new_plan)


from graph_build.cli.query import query, sparql  # noqa: E402

main.add_command(query)
main.add_command(sparql)


from graph_build.cli.view import docs, export_network, view  # noqa: E402

main.add_command(view)
main.add_command(export_network)
main.add_command(docs)


from graph_build.cli.serve import push, serve  # noqa: E402

main.add_command(serve)
main.add_command(push)

from graph_build.cli.extract import extract  # noqa: E402

main.add_command(extract)


from graph_build.cli.catalogue import catalogue  # noqa: E402

main.add_command(catalogue)

from graph_build.cli.reference import new_reference  # noqa: E402

main.add_command(new_reference)

from graph_build.cli.site import site  # noqa: E402

main.add_command(site)

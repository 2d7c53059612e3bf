from django.core.management.base import BaseCommand, CommandError

from studyapp.questions.importing import (
    FORMATS,
    ImportFailed,
    import_packs,
    pack_files,
    parse_files,
)


class Command(BaseCommand):
    help = (
        "Import question packs (Markdown .md, Moodle GIFT .gift, Moodle XML .xml, or Aiken with "
        "--format aiken) from files or folders. Every file is validated before anything is "
        "written; any error leaves the database untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="pack files or folders of them")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report without writing"
        )
        parser.add_argument("--format", choices=FORMATS, help="format of every file given")

    def handle(self, *args, paths, dry_run, format, **options):
        summaries = import_pack_paths(paths, file_format=format, dry_run=dry_run, out=self.stderr)
        for summary in summaries:
            self.stdout.write(str(summary))
            for skipped in summary.skipped:
                self.stdout.write(f"  skipped line {skipped.line}: {skipped.reason}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")


def import_pack_paths(paths, *, file_format=None, dry_run=False, out):
    """Shared by importpack and loadcontent: print every error and fail, or import."""
    files, errors = pack_files(paths, file_format)
    packs, parse_errors, skipped = parse_files(files, file_format)
    errors += parse_errors
    try:
        if errors:
            raise ImportFailed(errors)
        return import_packs(packs, dry_run=dry_run, skipped=skipped)
    except ImportFailed as failure:
        for error in failure.errors:
            out.write(str(error))
        raise CommandError(
            f"{len(failure.errors)} error(s) in {len(files)} file(s); nothing was imported."
        ) from None

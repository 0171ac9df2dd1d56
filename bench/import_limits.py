"""Dry runs of hostile and large import files: wall time and peak memory (RSS).

Each file is checked (read + every row validated, nothing written) in a fresh Python
process, so that the peak RSS is that file's and not the benchmark's. The files:

- `empty-rows.csv`: a header and 100 000 rows of a lone comma (195 KiB);
- `tall-dimension.xlsx`: a header, one row, and a last row numbered 100 000 (a few KiB);
- `large-20mb.csv`: ~20 MB of valid rows with an assessment each (under the row limit);
- `over-limit-20mb.csv`: ~20 MB of short valid rows, more than the row limit.

Run alone (`python bench/import_limits.py`, against the bench database) or as part of
`make bench`. `--root DIR` checks the code of another checkout (for before/after).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def make_files(folder: Path) -> dict[str, Path]:
    """The hostile and large files, written into `folder`."""
    import csv

    import openpyxl

    # The English header: the code before and after the Swedish template both read it.
    header = "external_id,date,time,time_of_day,category,area,place,latitude,longitude,count,"
    header += "assessment"
    files = {}
    path = folder / "empty-rows.csv"
    path.write_text(header + "\n" + ",\n" * 100_000)
    files["empty_rows_csv"] = path

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header.split(","))
    sheet.append(["X-1", "2026-01-12", "21:30", "", "Glaskross", "Bäckby", "", "", "", 1, ""])
    sheet.cell(row=100_000, column=1, value="X-2")
    path = folder / "tall-dimension.xlsx"
    book.save(path)
    files["tall_dimension_xlsx"] = path

    def sample(path: Path, size: int, text: str) -> None:
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header.split(","))
            i = 0
            while handle.tell() < size:
                i += 1
                writer.writerow(
                    [
                        f"EX-{i:07d}",
                        f"2026-{1 + i % 10:02d}-{1 + i % 28:02d}",
                        f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
                        "",
                        "Glaskross",
                        "Bäckby",
                        "",
                        "",
                        "",
                        1 + i % 3,
                        text,
                    ]
                )

    path = folder / "large-20mb.csv"
    sample(path, 20 * MB, "Grupp ungdomar samlas vid entrén kvällstid; " * 4)
    files["large_20mb_csv"] = path
    path = folder / "over-limit-20mb.csv"
    sample(path, 20 * MB, "")
    files["over_limit_20mb_csv"] = path
    return files


def dry_run_one(path: Path) -> dict:
    """In this process: set Django up, check the file, report time, RSS and the outcome."""
    import django

    django.setup()
    from django.core.files import File

    from councils.models import Organisation
    from lagesbild import imports
    from lagesbild.models import ImportJob

    # As the import page does it: the upload stored on a job, checked, errors kept on it.
    organisation = Organisation.objects.order_by("pk").first()
    job = ImportJob(organisation=organisation, original_name=path.name)
    with open(path, "rb") as handle:
        job.file.save(path.name, File(handle), save=False)
    job.save()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        result = imports.check_job(job=job)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        job.file.delete(save=False)
        job.delete()
    return {
        "size_kib": round(path.stat().st_size / 1024, 1),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak / 1024),
        "rss_before_mb": round(before / 1024),
        "rows_ok": len(result.rows),
        "errors_kept": len(result.errors),
        "errors_total": getattr(result, "error_count", len(result.errors)),
        "file_error": result.file_error[:120],
    }


def run(root: Path = ROOT) -> dict:
    """Every file, each dry-run in a child process running the code of `root`."""
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in make_files(Path(folder)).items():
            env = {**os.environ, "PYTHONPATH": str(root)}
            env.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.bench")
            proc = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if proc.returncode:
                out[name] = {"error": proc.stderr.strip().splitlines()[-1:]}
            else:
                out[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", help="(internal) dry-run this one file and print JSON")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose code to run")
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, os.getcwd())
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.bench")
        print(json.dumps(dry_run_one(Path(args.one))))
        return 0
    for name, figures in run(Path(args.root)).items():
        print(f"{name:<22} {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark report: medians over rounds, marginal costs with their range."""

from __future__ import annotations

from benchmarks.run import format_report, marginal, median_run


def run(cpu: float, docs: int, pages: int, seconds: float = 1.0) -> dict:
    return {"seconds": seconds, "docs": docs, "pages": pages, "by_status": {"ok": docs}, "cpu_self": 0.5,
            "cpu_children": cpu - 0.5, "rss_self_mb": 100.0, "rss_children_mb": 90.0}


def test_median_run_is_the_middle_round_by_cpu():
    rounds = [run(9.0, 10, 0), run(3.0, 10, 0), run(5.0, 10, 0)]
    assert median_run(rounds)["cpu_children"] == 4.5
    assert median_run([{"cpu": 2.0}, {"cpu": 1.0}])["cpu"] == 1.0  # the lower middle of an even count


def test_marginal_is_the_cost_of_the_extra_units():
    assert marginal(run(10.0, 100, 700), run(6.0, 50, 350), "pages") == 4.0 / 350
    assert marginal(run(10.0, 100, 0), run(6.0, 50, 0), "docs") == 4.0 / 50


def test_report_gives_the_median_marginal_and_its_range():
    full = [run(10.0, 100, 1000), run(11.0, 100, 1000), run(12.0, 100, 1000)]
    half = [run(6.0, 50, 500), run(5.0, 50, 500), run(6.5, 50, 500)]  # marginal 8, 12, 11 ms per page
    texts = [run(4.0, 300, 0), run(4.5, 300, 0), run(5.0, 300, 0)]
    texts_half = [run(2.0, 150, 0), run(2.0, 150, 0), run(2.0, 150, 0)]  # 13.3, 16.7, 20 ms per report
    r = {
        "machine": {}, "n": 800, "seed": 7, "workers": 2,
        "pipeline_pdf": median_run(full), "pipeline_text": median_run(texts),
        "pdfplumber": {"seconds": 30.0, "pages": 1000, "cpu": 44.0},
        "pypdfium2": {"seconds": 1.0, "pages": 1000, "cpu": 1.0},
        "marginal": {"pdf_page": [marginal(f, h, "pages") for f, h in zip(full, half, strict=True)],
                     "text_doc": [marginal(f, h, "docs") for f, h in zip(texts, texts_half, strict=True)]},
        "stages": {},
    }
    report = format_report(r)
    assert "PDFs: 11.0 ms CPU per page [8.0-12.0] = 0.25x bare pdfplumber (44.0 ms/page)" in report
    assert "text inputs: 16.7 ms CPU per report [13.3-20.0] = 60.0 reports per CPU-second [50.0-75.0]" in report
    assert "pipeline / bare pdfplumber: 0.03x wall, 0.25x CPU" in report  # the median round: 11.0 s of CPU


def test_the_startup_report_takes_the_ratio_round_by_round():
    from benchmarks.startup import format_startup

    def side(wall: float, cpu: float) -> dict:
        return {"wall": wall, "cpu": cpu, "load": 1.0, "pages": 200, "chars": 1, "loop_cpu": cpu - 0.3}

    r = {"n": 40, "pages": 5, "workers": 1, "python": "3.11", "nproc": 2,
         "rounds": [{"pipeline": side(3.0, 2.0), "bare": side(10.0, 10.0)},
                    {"pipeline": side(4.0, 2.5), "bare": side(10.0, 10.0)},
                    {"pipeline": side(2.0, 3.0), "bare": side(10.0, 10.0)}],
         "rerun": {"wall": 0.8, "cpu": 0.6, "load": 1.0}, "help": {"cpu": 0.2, "median_wall": 0.3, "load": 1.0}}
    report = format_startup(r)
    assert "median of 3 rounds: **0.300x wall** [0.200-0.400], **0.250x CPU** [0.200-0.300]" in report
    assert "rerun over data/raw: 0.80 s wall" in report and "pipeline --help: 0.20 s CPU" in report


def test_the_startup_corpus_has_pdfs_of_exactly_the_pages_asked(tmp_path):
    from benchmarks.startup import page_count, pdfs_of_pages

    files = pdfs_of_pages(2, 5, cache=tmp_path)
    assert len(files) == 2 and all(page_count(p.read_bytes()) == 5 for p in files)
    assert pdfs_of_pages(2, 5, cache=tmp_path) == files  # reused, not rendered again

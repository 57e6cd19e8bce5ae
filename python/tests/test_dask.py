"""The distributed recipe on a real engine: a Dask LocalCluster of 3 worker processes
maps ``extract`` over the fixtures folder and writes Parquet; the rows read back are
the truth's records. The seed fixtures only (``recursive=False``): the development
set in fixtures/comuni is where the extraction is still being improved, so its truth
is a target, not today's count."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, need, seed_pdfs, truth_count


def test_dask_three_workers_fixtures_to_parquet(tmp_path: Path):
    need("dask")
    distributed = need("distributed")
    ds = need("pyarrow.dataset")
    from piao_extract.dask import extract_folder, list_pdfs

    seed = seed_pdfs()
    expected = sum(truth_count(p) for p in seed)
    assert [Path(p) for p in list_pdfs(str(FIXTURES), recursive=False)] == seed
    with distributed.LocalCluster(
        n_workers=3,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    ) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 3
        summary = extract_folder(client, str(FIXTURES), str(tmp_path), recursive=False)
        pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 3  # three worker processes, not threads
    assert summary.failed == []
    assert summary.rows == expected
    written = sorted((tmp_path / "records").glob("*.parquet"))
    assert len(written) == len(seed)  # one per PDF, the one without records included
    table = ds.dataset(str(tmp_path / "records"), format="parquet").to_table()
    assert table.num_rows == expected == 1786
    import piao_extract

    assert table.schema.remove_metadata() == piao_extract.frame.arrow_schema()


def test_a_failing_file_costs_its_task_a_typed_error(tmp_path: Path):
    need("dask")
    distributed = need("distributed")
    from piao_extract.dask import extract_folder

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.pdf").write_bytes((FIXTURES / "002-calc-ruled.pdf").read_bytes())
    (folder / "bad.pdf").write_text("not a pdf at all\n")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        summary = extract_folder(client, str(folder), str(tmp_path / "out"))
    (bad,) = summary.failed
    assert bad.path.endswith("bad.pdf") and bad.error[:2] == ("not_pdf", 10)
    assert summary.rows == 67

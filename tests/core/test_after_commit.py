from sqlalchemy import text

from core.db import after_commit, unit_of_work


def test_savepoint_release_does_not_run_after_commit_hooks(db_url):
    ran = []
    with unit_of_work() as s:
        after_commit(s, lambda: ran.append(1))
        with s.begin_nested():
            s.connection().execute(text("SELECT 1"))
        assert ran == []
    assert ran == [1]
    with unit_of_work() as s:
        after_commit(s, lambda: ran.append(2))
        try:
            with s.begin_nested():
                raise ValueError
        except ValueError:
            pass
    assert ran == [1, 2]

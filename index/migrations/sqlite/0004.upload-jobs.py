"""Uploaded files waiting to be ingested, and what became of them: the upload request only checks and
saves a file and queues it here; a separate ingest process works through the queue."""

from yoyo import step

steps = [
    step(
        """CREATE TABLE upload_jobs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            backup TEXT,  -- the file this upload replaced, restored if its ingest fails
            access TEXT NOT NULL CHECK (access IN ('public', 'restricted')),
            council TEXT,  -- the council and committee to file it under where the document does not say
            committee TEXT,
            status TEXT NOT NULL DEFAULT 'queued',
            detail TEXT NOT NULL DEFAULT '',
            meeting_id INTEGER,
            items INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT
        )""",
        "DROP TABLE upload_jobs",
    ),
    step("CREATE INDEX upload_jobs_status ON upload_jobs(status, id)", "DROP INDEX upload_jobs_status"),
]

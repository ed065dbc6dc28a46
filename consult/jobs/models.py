from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.db import UTCDateTime, enum_type, utcnow
from consult.extensions import db


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


# Kinds of job of which at most one may wait or run per consultation, guarded by the database: two
# officials pressing "publish" at once must not publish the nota twice.
ONE_AT_A_TIME = "kind = 'report_publish' AND status IN ('queued', 'running')"


class Job(db.Model):
    """Long work for the worker. Queued, then running under a lease, then done or failed."""

    __tablename__ = "jobs"
    # A removed row's id is never given again (SQLite reuses it otherwise): an old link must not open another row.
    __table_args__ = (sa.Index("ix_jobs_status_created", "status", "created_at"),
                      sa.Index("ix_jobs_consultation_kind", "consultation_id", "kind"),
                      sa.Index("ux_jobs_one_publish", "consultation_id", unique=True,
                               sqlite_where=sa.text(ONE_AT_A_TIME), postgresql_where=sa.text(ONE_AT_A_TIME)),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"))
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    # What the handler needs beyond the consultation, e.g. a publication's note.
    arguments: Mapped[dict | None] = mapped_column(sa.JSON)
    result: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Times a worker took the job; more than one means a worker stopped while running it.
    attempts: Mapped[int] = mapped_column(default=0)
    # While running: the worker's heartbeat keeps this in the future. In the past, the worker is gone.
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

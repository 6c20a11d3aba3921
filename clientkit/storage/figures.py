"""What a project has used and what a client owes: plain records the aggregate queries fill,
importable without the ORM (the lists read them through Core)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectUsage:
    """What has been used on a project so far."""

    revisions: int = 0
    work_minutes: int = 0
    comm_minutes: int = 0
    deposit_received_minor: int = 0
    received_minor: int = 0


@dataclass(frozen=True)
class ClientMoney:
    """A client's open balance, credit and received money, in the client's currency."""

    balance_minor: int = 0
    received_minor: int = 0
    credit_minor: int = 0
    logged_minutes: int = 0

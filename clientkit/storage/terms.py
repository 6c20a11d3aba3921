"""Bridges stored projects to the domain's Terms."""

from clientkit.domain.terms import Terms
from clientkit.storage.models import Project


def terms_of(project: Project) -> Terms:
    """The contractual terms a project row carries."""
    return Terms(
        price_minor=project.price_minor,
        hourly_rate_minor=project.hourly_rate_minor,
        estimate_minutes=project.estimate_minutes,
        revisions_included=project.revisions_included,
        revision_fee_minor=project.revision_fee_minor,
        deposit_bp=project.deposit_bp,
        deposit_minor=project.deposit_minor,
        comm_budget_minutes=project.comm_budget_minutes,
        comm_rate_minor=project.comm_rate_minor,
        rush_fee_bp=project.rush_fee_bp,
        cancel_fee_bp=project.cancel_fee_bp,
        late_fee_bp=project.late_fee_bp,
        payment_days=project.payment_days,
        rush=project.rush,
    )

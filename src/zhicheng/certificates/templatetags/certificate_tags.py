"""The applicant's e-certificate panel, for pages of other apps that show a recognised application: they load
this tag instead of importing the certificates app (which depends on applications, not the other way)."""

from django import template

from zhicheng.certificates.selectors import certificate_claim_state

register = template.Library()


@register.inclusion_tag("certificates/_claim.html", takes_context=True)
def certificate_claim(context, app, back=""):
    """{% certificate_claim app %}: issued, being generated, the 申领 button, or why not yet."""
    return {"app": app, "claim": certificate_claim_state(app), "back": back, "request": context.get("request"),
            "csrf_token": context.get("csrf_token")}

"""Tell django-axes which login a failed attempt was for."""


def username_from_credentials(request, credentials):
    """Return the e-mail address allauth authenticates with, lower-cased."""
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("login") or data.get("email") or data.get("username")
    return (value or "").strip().lower() or None

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """Return ``mapping[key]`` or an empty string."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""

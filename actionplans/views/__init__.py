"""Views of the action plan: a module per page group."""

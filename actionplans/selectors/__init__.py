"""Every non-trivial read of the action plan, a module per topic."""

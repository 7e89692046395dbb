"""The team of a region: inviting coordinators, facilitators, beleidsmakers and NVP staff."""

"""Export a trajectory to one JSON file and import it again, with new ids.

It lives in actionplans, the top app that may read every other one. ``spec``
names every field of every model once; ``exporter`` writes, ``validation``
checks a file as a whole and ``importer`` writes it in one transaction.
"""

"""The command line: Typer commands of a few lines, all printing and all exit codes.

Nothing else in the package imports this folder.
"""

from tipsom.cli import run

run()

"""The `qrmark` admin tool's command line: every subcommand that `qrmark --help` lists answers
--help and -h with its usage and options (exit 0, nothing else done), and an unknown option with
a message naming it and the same usage (exit 2).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def main():
    listing = harness.run([harness.QRMARK, "--help"]).stdout
    commands = re.findall(r"^  (\S+)\s{2,}\S", listing, flags=re.M)
    assert len(commands) >= 6, f"too few subcommands listed:\n{listing}"
    for command in commands:
        for flag in ("--help", "-h"):
            p = harness.run([harness.QRMARK, command, flag])
            assert p.stdout.startswith(f"qrmark {command}"), f"{command} {flag}: no usage line\n{p.stdout}"
            assert "--help" in p.stdout, f"{command} {flag}: the options are not listed\n{p.stdout}"
            assert p.stderr == "", f"{command} {flag}: wrote to stderr\n{p.stderr}"
        p = harness.run([harness.QRMARK, command, "--no-such-option"], expect_ok=False)
        assert p.returncode == 2, f"{command} --no-such-option: exit {p.returncode}, want 2"
        assert "no-such-option" in p.stderr and f"qrmark {command}" in p.stderr, p.stderr
    p = harness.run([harness.QRMARK, "no-such-command"], expect_ok=False)
    assert p.returncode == 2 and "no-such-command" in p.stderr, (p.returncode, p.stderr)
    print(f"ok: {len(commands)} subcommands answer --help, -h and a bad option")


if __name__ == "__main__":
    main()

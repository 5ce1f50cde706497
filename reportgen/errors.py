"""The errors that end a command, and the exit code each gives.

Data errors (`reportgen.data.diagnostics.DataError`) carry every problem found in
the data; the ones here are about the command line, the environment or a stage's
own tool (mkdocs, WeasyPrint), never a traceback for the user.
"""

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A wrong command line or environment, not wrong data: exit 2."""


class StageError(Exception):
    """An output stage's tool refused the input (mkdocs strict warnings, a PDF resource): exit 1."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages

    def __reduce__(self):
        # Raised in a worker process and re-raised here: rebuilt from its messages.
        return (type(self), (self.messages,))

"""The refusal every layer's services share: the actor's place in the org chart does not allow this.

It lives on the ground floor so that the org chart's own services (enterprises, API keys) can refuse
without knowing the case engine; the engine's ``ActionRefused`` is one, and the API answers any of
them with 403 and the message.
"""


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

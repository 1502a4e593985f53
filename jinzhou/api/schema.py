"""The OpenAPI document tells the truth: every operation lists every error it can answer.

``ApiAutoSchema`` adds, from the view's shape rather than by hand on each view: the problem+json
responses (400 401 403 404 406 409 412 413 414 415 422 429 431 as they apply), the ``Idempotency-Key`` and
``If-Match`` headers, and the ``ETag`` and ``Retry-After`` response headers. The bearer-key scheme
is registered below for ``ApiKeyAuthentication``.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from jinzhou.api.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer

DESCRIPTIONS = {
    "400": "The request is not valid: see `errors` per field (also a NUL character, a malformed body "
    "or query, JSON nested too deeply, an out-of-range number, a list of more ids than allowed).",
    "401": "No API key, or one that is unknown, expired or revoked.",
    "403": "The key's scopes, or its owner's role, do not allow this.",
    "404": "No such object (or one the request names), or it is outside the caller's scope (the two look the same).",
    "406": "The Accept header asks for a representation other than JSON.",
    "409": "The action does not fit the object's current state, or a request with the same "
    "Idempotency-Key is still running.",
    "412": "If-Match names an ETag that is no longer current: read the object again.",
    "413": "The body is larger than the server accepts (2.5 MB by default, DATA_UPLOAD_MAX_MEMORY_SIZE).",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "422": "The Idempotency-Key was already used for a different request.",
    "414": "The URL with its query is longer than the server accepts (8190 bytes in all).",
    "429": "Too many requests for this key; wait Retry-After seconds.",
    "431": "The request's headers are larger than the server accepts.",
}


class ApiAutoSchema(AutoSchema):
    def _has_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH")

    def _honours_if_match(self) -> bool:
        action = getattr(self.view, "action", None)
        if self.method in ("PUT", "PATCH"):
            return True
        return self.method == "POST" and action in getattr(self.view, "if_match_actions", ())

    def _sends_etag(self) -> bool:
        if not getattr(self.view, "sends_etag", False):
            return False
        action = getattr(self.view, "action", None)
        return action in ("retrieve", "create") or self._honours_if_match()

    def _is_detail(self) -> bool:
        return "{" in self.path

    def _error_codes(self) -> list[str]:
        # 414 and 431 come from the web server itself (gunicorn.conf.py), for any operation.
        codes = ["400", "406", "414", "429", "431"]
        if getattr(self.view, "permission_classes", None):
            codes += ["401", "403"]
        if self._is_detail() or self._has_body():
            # A write may also name an object (a parent case, an alliance) that is missing or out of scope.
            codes.append("404")
        if self._has_body():
            codes += ["413", "415"]
        if self.method == "POST":
            codes += ["409", "422"]
        if self._honours_if_match():
            codes += ["409", "412"]
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ProblemSerializer, code, (PROBLEM_CONTENT_TYPE,))
                responses[code]["description"] = DESCRIPTIONS[code]
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response") -> dict:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before the next request.",
            }
        if status_code.startswith("2") and self._sends_etag():
            headers["ETag"] = {
                "schema": {"type": "string"},
                "description": "The object's version; send it back as If-Match on writes.",
            }
        if status_code.startswith("2") and self.method == "POST":
            headers["Idempotent-Replayed"] = {
                "schema": {"type": "string", "enum": ["true"]},
                "description": "Present when this is the stored answer to an earlier request with "
                "the same Idempotency-Key.",
            }
        return headers

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="Any unique string (e.g. a UUID), up to 255 characters. A retry with the same "
                    "key and body gets the first response and creates nothing; kept for 24 hours.",
                )
            )
        if self._honours_if_match():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag you read; 412 if the object has changed since.",
                )
            )
        return parameters


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "jinzhou.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "jzk_<prefix>_<secret>",
            "description": "An API key from the admin or `manage.py create_api_key`, as "
            "`Authorization: Bearer <key>`. Scopes (`cases:read`, `bottlenecks:write`, `*:read`) limit "
            "what it may do; its owner's scope limits what it may see.",
        }

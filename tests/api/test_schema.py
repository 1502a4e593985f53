"""The OpenAPI document is the contract: valid, warning-free, and committed exactly as generated."""

from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REGENERATE = "python manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml"


def test_committed_schema_is_the_generated_one(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(generated))
    assert COMMITTED.read_text() == generated.read_text(), f"docs/openapi.yaml is out of date; run: {REGENERATE}"


def test_every_operation_documents_its_errors_and_the_bearer_scheme():
    import yaml

    schema = yaml.safe_load(COMMITTED.read_text())
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        **schema["components"]["securitySchemes"]["apiKey"],
        "type": "http",
        "scheme": "bearer",
    }
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not path.startswith("/api/v1/"):
                continue
            codes = set(operation["responses"])
            assert {"400", "401", "403", "429"} <= codes, (method, path)
            for code in codes - {"200", "201", "204"}:
                assert "application/problem+json" in operation["responses"][code]["content"], (method, path, code)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            if method == "post":
                assert {"409", "415", "422"} <= codes, (method, path)
                assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"]), (method, path)
            if method == "patch" or (path.endswith("/transitions/") and method == "post"):
                assert "412" in codes and any(p["name"] == "If-Match" for p in operation["parameters"]), path
    cases = schema["paths"]["/api/v1/cases/"]["get"]
    filters = {p["name"] for p in cases["parameters"]}
    assert filters >= {
        "status",
        "kind",
        "light",
        "chain",
        "industry",
        "department",
        "due_before",
        "due_after",
        "updated_since",
        "q",
        "limit",
        "offset",
    }


def api_model_serializers():
    """Every ModelSerializer the apps' ``api/serializers.py`` define."""
    import importlib

    from rest_framework import serializers

    root = COMMITTED.parents[1]
    found = []
    for path in sorted(root.glob("**/api/serializers.py")):
        if ".venv" in path.parts:
            continue
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, serializers.ModelSerializer)
            and value.__module__ == module.__name__
        ]
    return found


def test_a_choice_that_can_be_empty_is_documented_so():
    # DRF builds a read-only choice field without allow_blank even when the column may be empty, and
    # the schema then promises one of the choices where the API sends "" (an evaluation's tier before
    # it is scored). Such fields are declared by hand; this finds any that is not.
    from rest_framework import serializers

    classes = api_model_serializers()
    assert len(classes) > 20
    undeclared = []
    for serializer_class in classes:
        model = serializer_class.Meta.model
        for name, field in serializer_class().fields.items():
            if not isinstance(field, serializers.ChoiceField) or field.allow_blank:
                continue
            try:
                column = model._meta.get_field(field.source)
            except Exception:  # noqa: S112 (a source that is not a column: a method or a relation path)
                continue
            if column.blank and column.get_internal_type() == "CharField":
                undeclared.append(f"{serializer_class.__name__}.{name}")
    assert undeclared == []

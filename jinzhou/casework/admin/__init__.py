"""Admin registrations of the case engine, one module per aggregate."""

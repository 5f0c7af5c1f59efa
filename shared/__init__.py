"""The API contract: msgspec Structs and enums shared by the backend and the frontend."""

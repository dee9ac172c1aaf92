"""The JSON API under /api/v1: flask-smorest blueprints over the same services as the pages.

`views.bp` is what the app factory registers; binding it sets up the Api, the OpenAPI
document at /api/v1/openapi.json and the docs page at /api/v1/docs.
"""

"""copkit's built-in handout templates, activity library and translations, shipped as package data.

Copy any file from here into a folder of your own and pass it with ``copkit render --templates DIR``
to override it by name.
"""

"""Sphinx configuration of the course site (``./course site``; ``scoring.publish.build_site``).

Sphinx with MyST-NB and the Sphinx Book Theme: the stack that Jupyter Book 1 is built on, driven
directly, so there is no second configuration format and nothing to install beyond three Python
packages. The lessons are read from their committed outputs and never executed. Everything the
pages load is bundled in the build: the theme's CSS, JavaScript and icon fonts, Sphinx's search
index; mathematics is written as MathML (drawn by the browser, no MathJax download).
"""
from docutils import nodes

from scoring.publish import tex_to_mathml

project = "Film scoring in Jupyter"
author = "the course's authors"
copyright = "the course's authors; code and lessons MIT"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_lessons.md", "README.md"]
suppress_warnings = ["myst.xref_missing", "myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]

# The lessons: committed outputs, never executed; panels arrive frozen (publish.site_notebook).
nb_execution_mode = "off"
nb_merge_streams = True
nb_output_stderr = "show"
nb_ipywidgets_js = {}                      # no widget manager from a CDN: panels are static snapshots
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "Film scoring in Jupyter"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["course.css"]
html_copy_source = True                    # the download button offers each lesson's notebook
html_show_sourcelink = False
html_show_search_summary = True
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "article_header_end": ["toggle-secondary-sidebar"],
    "footer_start": [],
    "footer_end": [],
}
html_context = {"default_mode": "light"}  # the lessons' outputs are drawn on white
html_math_renderer = "mathml"


def _visit_math(self, node):
    self.body.append(tex_to_mathml(node.astext()))
    raise nodes.SkipNode


def _visit_displaymath(self, node):
    # focusable, so that a keyboard can scroll an equation wider than a phone's screen
    self.body.append(f'<div class="math-display" tabindex="0">{tex_to_mathml(node.astext(), display=True)}</div>')
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (_visit_math, None), (_visit_displaymath, None))

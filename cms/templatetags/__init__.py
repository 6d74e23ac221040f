"""Template tags of the site chrome (``cms_tags``): menus, language links, footer, and the
``{% fragment %}`` tag that keeps pieces of templates in the fragment cache."""

"""Model fields that keep identity codes in their one normalised form at the database boundary.

The forms and ``clean_entry_data`` normalise what people type (``zhicheng.core.identity``); these fields make
the same normalisation hold for every other way a row is written or looked up: the admin (its ModelForm runs
``full_clean``, which stores ``to_python``'s value), ``objects.create``/``update`` in services and data fixes
(``pre_save``/``get_prep_value``), and look-ups such as ``filter(id_number=typed)`` from a search box or a ban
check (``get_prep_value`` on the right-hand side of exact/iexact/in). Pattern look-ups (``contains``…) are left
as typed, as Django does not prepare them.
"""

from django.db import models

from .identity import normalise_code


class NormalisedCodeField(models.CharField):
    """A CharField for an ID number or a USCC.

    It deconstructs as a plain ``CharField``: the column is unchanged (no migration); the normalisation is
    Python-side only, so historical models in migrations see the same column."""

    def _normalise(self, value):
        return value if value is None else normalise_code(value)

    def to_python(self, value):
        return self._normalise(super().to_python(value))

    def get_prep_value(self, value):
        return self._normalise(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = self._normalise(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

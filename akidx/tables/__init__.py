"""The tables: the :class:`Report` and its column contract, reading report files,
writing CSV, Parquet and ``datapackage.json``.

``schema`` is the contract, ``report`` the DataFrames (``parse_text``), ``read``
the only place report files are read (standard library only), ``write`` and
``opendata`` the only places tables are written, ``files`` the atomic-write helpers.
"""

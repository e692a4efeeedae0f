"""The tables: the :class:`Report` and its column contract, reading report files,
writing CSV, Parquet and ``datapackage.json``.

``schema`` is the contract, ``report`` the DataFrames (``parse_text``), ``read``
the only place report files are read (standard library only), ``write`` and
``opendata`` the only places tables are written (``xlsx`` makes the Excel workbook's
bytes), ``files`` the atomic-write helpers, ``display`` how a Report shows in JupyterLab.
"""

"""The web console for people: merchants, compliance officers and admins (NiceGUI, mounted at /console).

Pages call the same service functions as the API, with a `Principal` built from the signed-in person, so the
same authorization applies: a merchant sees only its own merchant, only officers edit rules.
"""

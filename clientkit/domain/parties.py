"""The structured fields a party (the freelancer or a client) has, by family, in the order shown."""

ADDRESS_FIELDS = ("street", "postcode", "city", "country")
IDENTITY_FIELDS = ("reg_id", "tax_id", "vat_id")
CONTACT_FIELDS = ("contact", "phone")
ROUTING_FIELDS = ("endpoint",)  # the electronic address e-invoices are sent to (Peppol)
PARTY_FIELDS = ADDRESS_FIELDS + IDENTITY_FIELDS + CONTACT_FIELDS + ROUTING_FIELDS

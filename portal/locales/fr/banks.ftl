# Les banques de crédits et les demandes de crédits d'une organisation ; refuser une invitation.

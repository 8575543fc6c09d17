# Credit banks and credit requests of an organisation; declining an invitation.

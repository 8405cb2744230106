# --from in a profile is relative to the profile
from = base.xml
timezone = W. Europe Standard Time

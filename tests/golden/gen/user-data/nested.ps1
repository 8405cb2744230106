<powershell>Write-Output nested</powershell>

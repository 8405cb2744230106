Free text before the tags is ignored by the agents.
<script>
echo %DATE% > C:\Windows\Temp\batch.txt
</script>
<powershell>Write-Output "two scripts"</powershell>

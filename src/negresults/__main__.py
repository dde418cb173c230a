from negresults.cli import main

main()

// quiz behaviour: see issue 3
